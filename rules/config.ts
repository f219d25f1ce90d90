import picomatch from 'picomatch';
import { globComplexityProblem } from './glob-bounds';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { isProfile, PROFILES, type Profile } from './profiles';
import { ruleById, rules } from './registry';
import { nearestWord } from './suggest';
import type { Range, Severity, SeveritySetting, SuppressionPolicy } from './types';

/**
 * The project configuration file `.bulwark.yaml` (or `.yml`) at a workspace root: the same shape
 * as the editor settings, and it wins over them. Pure: callers read the file and hand its text in.
 */
export const CONFIG_FILE_NAMES = ['.bulwark.yaml', '.bulwark.yml'] as const;

export interface ProjectConfig {
  /** The rule set to run (`recommended` unless chosen); `rules` wins over it. */
  profile?: Profile;
  /** Per-rule severity overrides, or `off`. */
  rules?: Record<string, SeveritySetting>;
  /** Globs, relative to the folder of the configuration, of files never linted. */
  ignore?: string[];
  /** Registries (hosts, or host/path prefixes) whose images are trusted; empty = no check. */
  trustedRegistries?: string[];
  /** Features that contact the network; all off unless turned on. */
  online?: OnlineConfig;
  /** The keys whose signatures make an image trusted (`image-unsigned`). */
  trust?: { keys?: TrustKeySetting[] };
  /** What `# bulwark-ignore` comments may do: `{ requireReason: true }`, `{ allow: false }` in CI. */
  suppressions?: SuppressionPolicy;
}

export interface OnlineConfig {
  /** Resolve tags to digests and look for signatures through the registries. */
  registry?: boolean;
  /** Registry hosts (with their port) reached over plain HTTP instead of HTTPS. */
  insecureRegistries?: string[];
  /** Registry host → the endpoint its requests go to instead (a mirror): `docker.io: https://mirror.example`. */
  registryMap?: Record<string, string>;
}

/** A key that signs images: cosign public keys, Notation and Content Trust root certificates or keys. */
export interface TrustKeySetting {
  /** The repositories it signs, a glob over `registry/repository`: `docker.io/library/*`, `ghcr.io/acme/**`. */
  scope: string;
  /** A PEM public key or certificate, or the path of a file holding one (relative to the configuration file). */
  key: string;
  /** How findings name the key. */
  name?: string;
}

/** Something wrong in the configuration file, where it is. The rest of the file still applies. */
export interface ConfigProblem {
  range: Range;
  message: string;
  severity: Severity;
  /** The text that should replace the range: the known word a misspelt key is closest to ("did you mean"). */
  replacement?: string;
}

export interface ParsedConfig {
  config: ProjectConfig;
  problems: ConfigProblem[];
  /** `extends: <path>`: the configuration file this one builds on, relative to it, and where that is written. */
  extends?: { path: string; range: Range };
}

/** The words of the configuration file, for the editor's completion as for the checks here. */
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];
export const TOP_LEVEL_KEYS = ['profile', 'rules', 'ignore', 'trustedRegistries', 'online', 'trust', 'suppressions'] as const;
export const ONLINE_KEYS = ['registry', 'insecureRegistries', 'registryMap'] as const;
export const TRUST_KEY_KEYS = ['scope', 'key', 'name'] as const;
export const SUPPRESSION_KEYS = ['allow', 'requireReason'] as const;

export function parseProjectConfig(text: string): ParsedConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: ConfigProblem[] = [];
  const rangeOf = (offsets: readonly number[] | undefined): Range => {
    const [start = 0, end = start] = offsets ?? [];
    const position = (offset: number) => {
      const { line, col } = lineCounter.linePos(offset);
      return { line: line - 1, character: col - 1 };
    };
    return { start: position(start), end: position(end) };
  };
  const problem: ProblemSink = (node, message, severity = 'error', replacement) => {
    problems.push({ range: rangeOf((node as Node | null | undefined)?.range ?? undefined), message, severity, ...(replacement === undefined ? {} : { replacement }) });
  };

  for (const error of document.errors) {
    problems.push({ range: rangeOf(error.pos), message: `The configuration is not valid YAML: ${error.message.split('\n')[0]}. None of it applies until it is fixed.`, severity: 'error' });
  }
  if (document.errors.length > 0) return { config: {}, problems };

  const config: ProjectConfig = {};
  const root = document.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { config, problems };
  if (!isMap(root)) {
    problem(root, 'The configuration must be a mapping with the keys extends, profile, rules, ignore, trustedRegistries, online, trust and suppressions.');
    return { config, problems };
  }

  let extendsPath: ParsedConfig['extends'];
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const value = pair.value as Node | null;
    if (key === 'extends') {
      if (isScalar(value) && typeof value.value === 'string' && value.value !== '') extendsPath = { path: value.value, range: rangeOf(value.range ?? undefined) };
      else problem(value ?? (pair.key as Node), 'extends must be the path of another configuration file, relative to this one.');
      continue;
    }
    const read = key === undefined ? undefined : READERS[key as (typeof TOP_LEVEL_KEYS)[number]];
    if (!read) {
      unknownKey(problem, pair.key as Node, key, 'a configuration key', [...TOP_LEVEL_KEYS, 'extends']);
      continue;
    }
    const setting = read(value, problem);
    // A setting that could not be read at all keeps its default rather than becoming `undefined`.
    if (setting !== undefined) Object.assign(config, { [key as string]: setting });
  }
  return extendsPath ? { config, problems, extends: extendsPath } : { config, problems };
}

type ProblemSink = (node: Node | Pair['key'] | null | undefined, message: string, severity?: Severity, replacement?: string) => void;

const READERS: { [K in (typeof TOP_LEVEL_KEYS)[number]]: (node: Node | null, problem: ProblemSink) => ProjectConfig[K] } = {
  profile: readProfile,
  rules: readRules,
  ignore: (node, problem) => readStrings('ignore', node, problem, checkGlob),
  trustedRegistries: (node, problem) => readStrings('trustedRegistries', node, problem),
  online: readOnline,
  trust: readTrust,
  suppressions: readSuppressions,
};

function readProfile(node: Node | null, problem: ProblemSink): ProjectConfig['profile'] {
  const value = isScalar(node) ? node.value : undefined;
  if (isProfile(value)) return value;
  const suggestion = typeof value === 'string' ? nearestWord(value, PROFILES) : undefined;
  problem(node, `profile must be one of ${PROFILES.join(', ')}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; the default applies.`);
  return undefined;
}

function readRules(node: Node | null, problem: ProblemSink): ProjectConfig['rules'] {
  if (!isMap(node)) {
    problem(node, 'rules must be a mapping of rule ids to off, info, warning or error.');
    return undefined;
  }
  const result: Record<string, SeveritySetting> = {};
  for (const pair of node.items) {
    const id = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    const severity = isScalar(value) ? value.value : undefined;
    if (!ruleById(id)) {
      unknownKey(problem, pair.key as Node, id, 'a rule id', rules.map((rule) => rule.id));
      continue;
    }
    if (typeof severity === 'string' && SEVERITY_SETTINGS.includes(severity as SeveritySetting)) result[id] = severity as SeveritySetting;
    else problem(value ?? (pair.key as Node), `The severity of ${id} must be one of ${SEVERITY_SETTINGS.join(', ')}; its default applies.`);
  }
  return result;
}

function readStrings(key: string, node: Node | null, problem: ProblemSink, check?: (value: string) => string | undefined): string[] | undefined {
  if (!isSeq(node)) {
    problem(node, `${key} must be a list of strings.`);
    return undefined;
  }
  const result: string[] = [];
  for (const item of node.items as Array<Node | null>) {
    const value = isScalar(item) ? item.value : undefined;
    const complaint = typeof value !== 'string' || value === '' ? `each entry of ${key} must be a non-empty string` : check?.(value);
    if (complaint) problem(item, `${complaint[0].toUpperCase()}${complaint.slice(1)}; the entry is ignored.`);
    else result.push(value as string);
  }
  return result;
}

function readOnline(node: Node | null, problem: ProblemSink): ProjectConfig['online'] {
  if (!isMap(node)) {
    problem(node, 'online must be a mapping, e.g. `online: { registry: false }`.');
    return undefined;
  }
  const online: OnlineConfig = {};
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const value = pair.value as Node | null;
    if (key === 'registry') {
      if (isScalar(value) && typeof value.value === 'boolean') online.registry = value.value;
      else problem(value ?? (pair.key as Node), 'online.registry must be true or false.');
    } else if (key === 'insecureRegistries') {
      const hosts = readStrings('online.insecureRegistries', value, problem, (host) => (/^[^\s/]+$/.test(host) ? undefined : `"${host}" is not a registry host (with its port, no path)`));
      if (hosts) online.insecureRegistries = hosts;
    } else if (key === 'registryMap') {
      const map = readRegistryMap(value, problem);
      if (map) online.registryMap = map;
    } else {
      unknownKey(problem, pair.key as Node, key, 'an online feature', ONLINE_KEYS);
    }
  }
  return online;
}

function readRegistryMap(node: Node | null, problem: ProblemSink): Record<string, string> | undefined {
  if (!isMap(node)) {
    problem(node, 'online.registryMap must be a mapping of registry hosts to URLs, e.g. `docker.io: https://mirror.example.com`.');
    return undefined;
  }
  const map: Record<string, string> = {};
  for (const pair of node.items) {
    const host = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    const url = isScalar(value) ? value.value : undefined;
    const complaint = registryMapProblem(host, url);
    if (complaint) problem(value ?? (pair.key as Node), `${complaint}; the entry is ignored.`);
    else map[host] = url as string;
  }
  return map;
}

/** Why `host` → `url` is not a registry mapping, if it is not. */
export function registryMapProblem(host: string, url: unknown): string | undefined {
  if (!/^[^\s/]+$/.test(host)) return `"${host}" is not a registry host`;
  if (typeof url !== 'string' || !/^https?:\/\/[^\s/]+\/?$/.test(url)) return `the endpoint of ${host} must be an http:// or https:// URL without a path, e.g. https://mirror.example.com`;
  return undefined;
}

function readTrust(node: Node | null, problem: ProblemSink): ProjectConfig['trust'] {
  const keysNode = isMap(node) ? (node.get('keys', true) as Node | null | undefined) : undefined;
  if (!isMap(node) || node.items.some((pair) => !isScalar(pair.key) || pair.key.value !== 'keys')) {
    problem(node, 'trust must be a mapping with one key, keys: a list of { scope, key, name }.');
    if (!isMap(node)) return undefined;
  }
  if (!isSeq(keysNode)) {
    problem(keysNode ?? node, 'trust.keys must be a list of { scope, key, name }.');
    return undefined;
  }
  const keys: TrustKeySetting[] = [];
  for (const item of keysNode.items as Array<Node | null>) {
    const entry = isMap(item) ? Object.fromEntries(item.items.map((pair) => [isScalar(pair.key) ? String(pair.key.value) : '', isScalar(pair.value) ? pair.value.value : undefined])) : undefined;
    const unknown = entry ? Object.keys(entry).find((key) => !(TRUST_KEY_KEYS as readonly string[]).includes(key)) : undefined;
    if (!entry || typeof entry.scope !== 'string' || typeof entry.key !== 'string' || (entry.name !== undefined && typeof entry.name !== 'string') || unknown !== undefined) {
      problem(item, `Each trust key is a mapping { scope: <glob over registry/repository>, key: <PEM or file>, name: <optional> }${unknown ? `; "${unknown}" is not one of its keys` : ''}; the entry is ignored.`);
      continue;
    }
    keys.push({ scope: entry.scope, key: entry.key, ...(entry.name === undefined ? {} : { name: entry.name as string }) });
  }
  return { keys };
}

function readSuppressions(node: Node | null, problem: ProblemSink): ProjectConfig['suppressions'] {
  if (!isMap(node)) {
    problem(node, 'suppressions must be a mapping, e.g. `suppressions: { requireReason: true, allow: true }`.');
    return undefined;
  }
  const policy: SuppressionPolicy = {};
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const value = pair.value as Node | null;
    if (key !== 'allow' && key !== 'requireReason') {
      unknownKey(problem, pair.key as Node, key, 'a suppressions setting', SUPPRESSION_KEYS);
    } else if (isScalar(value) && typeof value.value === 'boolean') {
      policy[key] = value.value;
    } else {
      problem(value ?? (pair.key as Node), `suppressions.${key} must be true or false.`);
    }
  }
  return policy;
}

function checkGlob(glob: string): string | undefined {
  const tooComplex = globComplexityProblem(glob);
  if (tooComplex) return `"${glob.length > 80 ? `${glob.slice(0, 80)}…` : glob}" is refused: ${tooComplex}`;
  try {
    picomatch.makeRe(glob);
    return undefined;
  } catch (error) {
    return `"${glob}" is not a valid glob (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** A key that is not one of `known`: a warning, with the nearest known word as its replacement. */
function unknownKey(problem: ProblemSink, node: Node, key: string | undefined, what: string, known: readonly string[]): void {
  const suggestion = key === undefined ? undefined : nearestWord(key, known);
  problem(node, `"${key ?? ''}" is not ${what}${suggestion ? `; did you mean "${suggestion}"?` : '.'} It is ignored.`, 'warning', suggestion);
}

/**
 * Whether a path (relative to the configuration's folder, `/`-separated) matches one of the
 * `ignore` globs. A glob without a `/` matches a name at any depth, as in `.gitignore`; a folder
 * glob ignores everything below it.
 */
export function isIgnoredPath(relativePath: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  return ignoreMatcher(globs)(relativePath);
}

const matchers = new Map<string, (path: string) => boolean>();

function ignoreMatcher(globs: readonly string[]): (path: string) => boolean {
  const cacheKey = globs.join('\0');
  let matcher = matchers.get(cacheKey);
  if (!matcher) {
    const patterns = globs.flatMap((glob) => {
      const trimmed = glob.replace(/\/$/, '');
      const anchored = trimmed.includes('/') ? trimmed.replace(/^\//, '') : `**/${trimmed}`;
      return [anchored, `${anchored}/**`];
    });
    matcher = picomatch(patterns, { dot: true });
    // A handful of distinct configurations at most: one per workspace folder.
    if (matchers.size > 32) matchers.clear();
    matchers.set(cacheKey, matcher);
  }
  return matcher;
}
