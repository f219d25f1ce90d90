import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { bracketNestingBeyond, LineIndex, MAX_BRACKET_DEPTH } from '../text';
import type { Range } from '../types';
import { folderOf, resolveLocation, type WorkspaceView } from '../workspace';
import type { DaemonSetting, DaemonSettings } from './dockerd';
import type { SyntaxProblem } from './dockerfile';

/** A parsed daemon.json: its top-level keys as daemon settings, with exact ranges. */
export interface DaemonModel extends DaemonSettings {
  kind: 'daemon';
  text: string;
  lines: LineIndex;
  /** The top-level object; undefined when the file holds none (empty, or not an object). */
  root: Node | undefined;
  /** Where findings about the whole file are anchored: the opening `{`. */
  documentRange: Range | undefined;
  syntaxProblems: SyntaxProblem[];
}

const MESSAGES: Record<string, string> = {
  InvalidCommentToken: 'Comments are not valid in daemon.json: dockerd refuses to start on this file. Remove the comment.',
  UnexpectedEndOfComment: 'Comments are not valid in daemon.json: dockerd refuses to start on this file. Remove the comment.',
};

export function parseDaemonJson(text: string): DaemonModel {
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  // Parsed leniently (comments and trailing commas are recovered from) so that the rules still see
  // the rest of the file; each deviation from strict JSON is reported, since dockerd rejects it.
  const syntaxProblems: SyntaxProblem[] = [];
  // jsonc-parser is recursive: megabytes of `[` would overflow its stack.
  const tooDeep = bracketNestingBeyond(text, MAX_BRACKET_DEPTH);
  if (tooDeep !== undefined) syntaxProblems.push({ range: lines.range(tooDeep, tooDeep + 1), message: 'daemon.json is nested too deeply to be read, so the file was not checked.' });
  const root = text.trim() === '' || tooDeep !== undefined ? undefined : parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  let reportedOther = false;
  for (const error of errors) {
    const code = printParseErrorCode(error.error);
    // Every comment is its own mistake; of the other errors only the first is sure to be one, the
    // rest often follow from it (as dockerd, which stops at the first).
    if (!MESSAGES[code]) {
      if (reportedOther) continue;
      reportedOther = true;
    }
    const comma = /,\s*$/.exec(text.slice(0, error.offset));
    if (comma && (code === 'PropertyNameExpected' || code === 'ValueExpected') && /^\s*[}\]]/.test(text.slice(error.offset))) {
      syntaxProblems.push({ range: lines.range(comma.index, comma.index + 1), message: 'A trailing comma is not valid JSON: dockerd refuses to start on this file. Remove the comma.' });
      continue;
    }
    syntaxProblems.push({
      range: lines.range(error.offset, error.offset + Math.max(error.length, 1)),
      message: MESSAGES[code] ?? `daemon.json is not valid JSON (${describeParseError(code)}): dockerd refuses to start on this file.`,
    });
  }
  const object = root?.type === 'object' ? root : undefined;
  if (root && !object) syntaxProblems.push({ range: lines.range(root.offset, root.offset + 1), message: 'daemon.json must hold one JSON object of settings: dockerd refuses to start on this file.' });
  const settings: DaemonSetting[] = [];
  for (const property of object?.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || typeof keyNode.value !== 'string') continue;
    const range = (node: Node) => lines.range(node.offset, node.offset + node.length);
    const scalar = valueNode && valueNode.type !== 'object' && valueNode.type !== 'array' && valueNode.value !== null ? (valueNode.value as string | number | boolean) : undefined;
    settings.push({
      key: keyNode.value,
      value: scalar,
      items:
        valueNode?.type === 'array'
          ? (valueNode.children ?? []).map((item) => ({ value: typeof item.value === 'string' ? item.value : undefined, range: range(item) }))
          : [],
      range: range(property),
      keyRange: range(keyNode),
      valueRange: valueNode ? range(valueNode) : range(keyNode),
    });
  }
  return {
    kind: 'daemon',
    text,
    lines,
    root: object,
    documentRange: object ? lines.range(object.offset, object.offset + 1) : undefined,
    syntaxProblems,
    settings,
    incomplete: false,
  };
}

/** A jsonc-parser error code in words: `PropertyNameExpected` → `property name expected`. */
export function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * The keys dockerd accepts in daemon.json (Linux and Windows), from Docker's daemon configuration
 * file reference. Any other top-level key makes dockerd refuse to start.
 */
export const KNOWN_DAEMON_KEYS: ReadonlySet<string> = new Set([
  'allow-direct-routing', 'allow-nondistributable-artifacts', 'api-cors-header', 'authorization-plugins', 'bip', 'bip6', 'bridge',
  'bridge-accept-fwmark', 'builder', 'cdi-spec-dirs', 'cgroup-parent', 'containerd', 'containerd-namespace',
  'containerd-plugins-namespace', 'cpu-rt-period', 'cpu-rt-runtime', 'data-root', 'debug', 'default-address-pools',
  'default-cgroupns-mode', 'default-gateway', 'default-gateway-v6', 'default-ipc-mode', 'default-network-opts', 'default-runtime',
  'default-shm-size', 'default-ulimits', 'dns', 'dns-opts', 'dns-search', 'exec-opts', 'exec-root', 'experimental', 'features',
  'firewall-backend', 'fixed-cidr', 'fixed-cidr-v6', 'group', 'host-gateway-ip', 'host-gateway-ips', 'hosts', 'icc', 'init',
  'init-path', 'insecure-registries', 'ip', 'ip-forward', 'ip-forward-no-drop', 'ip-masq', 'ip6tables', 'iptables', 'ipv6', 'labels',
  'live-restore', 'log-driver', 'log-format', 'log-level', 'log-opts', 'max-concurrent-downloads', 'max-concurrent-uploads',
  'max-download-attempts', 'metrics-addr', 'mtu', 'network-control-plane-mtu', 'network-diagnostic-port',
  'no-new-privileges', 'node-generic-resources', 'oom-score-adjust', 'pidfile', 'proxies', 'raw-logs', 'registry-mirrors',
  'rootless', 'runtimes', 'seccomp-profile', 'selinux-enabled', 'shutdown-timeout', 'storage-driver', 'storage-opts',
  'swarm-default-advertise-addr', 'tls', 'tlscacert', 'tlscert', 'tlskey', 'tlsverify', 'userland-proxy', 'userland-proxy-path',
  'userns-remap',
  // Windows only.
  'default-isolation',
]);

/** Keys older dockerd releases accepted and current ones refuse, with the release that removed them. */
export const REMOVED_DAEMON_KEYS: ReadonlyMap<string, { release: string; instead?: string }> = new Map([
  ['graph', { release: '23.0', instead: 'data-root' }],
  ['disable-legacy-registry', { release: '19.03' }],
  ['cluster-store', { release: '23.0' }],
  ['cluster-store-opts', { release: '23.0' }],
  ['cluster-advertise', { release: '23.0' }],
]);

/** The daemon.json a unit file's dockerd reads, as far as the workspace shows it. */
export interface UnitDaemonConfig {
  /** The file found, with its location. */
  found?: { uri: string; model: DaemonModel };
  /** dockerd reads a file Bulwark cannot see (`--config-file` outside the workspace): settings may be missing. */
  unknown: boolean;
}

/**
 * Finds the daemon.json a dockerd started by a unit file reads: the `--config-file` flag's path, or
 * /etc/docker/daemon.json. In a workspace holding a file-system tree (`<root>/etc/systemd/system/
 * docker.service.d/x.conf`), that path is looked up under the same root (`<root>/etc/docker/
 * daemon.json`); otherwise a daemon.json beside the unit (or beside its `.service.d` folder) stands
 * for it. Without a workspace, or when none is found, the flags are judged alone.
 */
export function unitDaemonConfig(
  unitUri: string,
  configFile: string | undefined,
  workspace: WorkspaceView | undefined,
  cache: Map<string, DaemonModel | undefined>,
): UnitDaemonConfig {
  if (!workspace) return { unknown: false };
  const folder = folderOf(unitUri);
  const treeRoot = /^(.*\/)(?:etc|lib|usr\/lib)\/systemd\/(?:system|user)\/(?:[^/]+\.service\.d\/)?$/.exec(folder)?.[1];
  const locations: string[] = [];
  const path = configFile ?? '/etc/docker/daemon.json';
  if (treeRoot && path.startsWith('/')) locations.push(resolveLocation(treeRoot, path.slice(1)));
  if (!configFile) {
    locations.push(resolveLocation(folder, 'daemon.json'));
    if (/\.service\.d\/$/.test(folder)) locations.push(resolveLocation(folder, '../daemon.json'));
  }
  for (const uri of locations) {
    if (!cache.has(uri)) {
      const text = workspace.readFile(uri);
      cache.set(uri, text === undefined ? undefined : parseDaemonJson(text));
    }
    const model = cache.get(uri);
    if (model) return { found: { uri, model }, unknown: false };
  }
  return { unknown: configFile !== undefined };
}
