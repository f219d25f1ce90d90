import type { LineIndex } from '../text';
import type { Range, TextEdit } from '../types';
import { isPropagation, mountType, parseShortDevice, parseShortPort, parseShortTmpfs, parseShortVolume, type VolumeMount } from './compose-mounts';
import { canonicalImage, knownImageName, parseImageReference } from './image-ref';
import { emptyContainer, type ContainerRuntime, type HardeningSetting, type NamespaceKind, type RuntimeSetting, type SettingEdits, type SettingName } from './runtime';

/**
 * The flags of `docker run` / `docker create` / `podman run` / `podman create`, read into the
 * settings a container is started with. One parser for every place such a command line is written:
 * a shell script, a Makefile recipe, a CI step, a CI job's `options`, a dev container's `runArgs`.
 * Each front door hands over the words after `run`/`create` as the program receives them (quotes
 * removed), with where each is written; this file knows which flags exist and which take a value.
 */

export type ContainerEngine = 'docker' | 'podman';

/** A word of the command line, unquoted, with its place in the document. */
export interface RunWord {
  text: string;
  /** Document offsets of the word as written, its quotes included. */
  start: number;
  end: number;
  /** The word holds something known only when the line runs (a variable, a command substitution, a CI expression). */
  dynamic: boolean;
  /** The word is an unquoted expansion the shell splits into any number of words (`$OPTS`): it may hold flags. */
  splits?: boolean;
  /** The document offsets of the characters [from, to) of `text`, when the front door can map them (a flag inside `-itp`). */
  span?(from: number, to: number): { start: number; end: number };
}

/** How the front door edits its own words; the fixes of the settings are made of these. */
export interface RunWordEdits {
  /** Removes the words `first` to `last` (indexes into the words handed over), with the blank before them. */
  removeWords(first: number, last: number): TextEdit[] | undefined;
  /** Replaces one word with `text`, quoted as the file needs. */
  replaceWord(index: number, text: string): TextEdit[] | undefined;
  /** Adds a flag before the others (after `run`); absent where flags cannot be added. */
  insertFlag?(flag: string): TextEdit[] | undefined;
}

export interface RunArguments {
  engine: ContainerEngine;
  /** The words after `run` / `create`: flags, then the image and its command. */
  words: readonly RunWord[];
  lines: LineIndex;
  /** Where findings about the container as a whole are anchored: the `run` word, a job's `container` key. */
  anchor: Range;
  /** How messages name the container: `This docker run`, `Job "build" container`. */
  label: string;
  /** The words are flags only (a CI job's `options`); the image is given apart, as `image`. */
  flagsOnly?: boolean;
  image?: RuntimeSetting<string>;
  edits?: RunWordEdits;
  /** Something before the words already hides settings (the front door could not read all of the command). */
  incomplete?: boolean;
}

/** How a flag is read: `value` flags take the next word (or `=value`), the others do not. */
interface FlagSpec {
  value: boolean;
}

/*
 * The flags of `run` and `create`, from the Docker CLI's definitions (cli/command/container/opts.go
 * `addFlags`, run.go `addRunFlags`, create.go) and Podman's (cmd/podman/common/create.go
 * `DefineCreateFlags`, netflags.go `DefineNetFlags`, containers/run.go). Booleans never take the
 * next word (`--rm=false` is how one is set false); every other flag does, unless written `--flag=value`.
 */
const VALUE_FLAGS = [
  // Docker (and Podman, which takes all of them).
  'add-host', 'annotation', 'attach', 'blkio-weight', 'blkio-weight-device', 'cap-add', 'cap-drop', 'cgroup-parent', 'cgroupns',
  'cidfile', 'cpu-count', 'cpu-percent', 'cpu-period', 'cpu-quota', 'cpu-rt-period', 'cpu-rt-runtime', 'cpu-shares', 'cpus',
  'cpuset-cpus', 'cpuset-mems', 'detach-keys', 'device', 'device-cgroup-rule', 'device-read-bps', 'device-read-iops',
  'device-write-bps', 'device-write-iops', 'dns', 'dns-opt', 'dns-option', 'dns-search', 'domainname', 'entrypoint', 'env',
  'env-file', 'expose', 'gpus', 'group-add', 'health-cmd', 'health-interval', 'health-retries', 'health-start-interval',
  'health-start-period', 'health-timeout', 'hostname', 'io-maxbandwidth', 'io-maxiops', 'ip', 'ip6', 'ipc', 'isolation',
  'kernel-memory', 'label', 'label-file', 'link', 'link-local-ip', 'log-driver', 'log-opt', 'mac-address', 'memory',
  'memory-reservation', 'memory-swap', 'memory-swappiness', 'mount', 'name', 'net', 'net-alias', 'network', 'network-alias',
  'oom-score-adj', 'pid', 'pids-limit', 'platform', 'publish', 'pull', 'restart', 'runtime', 'security-opt', 'shm-size',
  'stop-signal', 'stop-timeout', 'storage-opt', 'sysctl', 'tmpfs', 'ulimit', 'user', 'userns', 'uts', 'volume', 'volume-driver',
  'volumes-from', 'workdir',
  // Podman only.
  'arch', 'authfile', 'cert-dir', 'cgroup-conf', 'cgroups', 'chrootdirs', 'conmon-pidfile', 'creds', 'decryption-key', 'env-merge',
  'gidmap', 'group-entry', 'health-log-destination', 'health-max-log-count', 'health-max-log-size', 'health-on-failure',
  'health-startup-cmd', 'health-startup-interval', 'health-startup-retries', 'health-startup-success', 'health-startup-timeout',
  'hosts-file', 'hostuser', 'image-volume', 'init-path', 'os', 'passwd-entry', 'personality', 'pidfile', 'pod', 'pod-id-file',
  'preserve-fd', 'preserve-fds', 'rdt-class', 'requires', 'retry', 'retry-delay', 'sdnotify', 'seccomp-policy', 'secret',
  'shm-size-systemd', 'signature-policy', 'subgidname', 'subuidname', 'systemd', 'timeout', 'tz', 'uidmap', 'umask', 'unsetenv',
  'variant',
];
const BOOLEAN_FLAGS = [
  'detach', 'disable-content-trust', 'help', 'init', 'interactive', 'no-healthcheck', 'oom-kill-disable', 'privileged',
  'publish-all', 'quiet', 'read-only', 'rm', 'sig-proxy', 'tty', 'use-api-socket',
  // Podman only.
  'env-host', 'http-proxy', 'no-hostname', 'no-hosts', 'passwd', 'read-only-tmpfs', 'replace', 'rmi', 'rootfs', 'tls-verify', 'unsetenv-all',
];
const FLAGS = new Map<string, FlagSpec>([...VALUE_FLAGS.map((name) => [name, { value: true }] as const), ...BOOLEAN_FLAGS.map((name) => [name, { value: false }] as const)]);
/** The one-letter forms. */
const SHORT_FLAGS: Record<string, string> = {
  a: 'attach', c: 'cpu-shares', d: 'detach', e: 'env', h: 'hostname', i: 'interactive', l: 'label', m: 'memory', P: 'publish-all',
  p: 'publish', q: 'quiet', t: 'tty', u: 'user', v: 'volume', w: 'workdir',
};
/** Podman splits these on commas (string slices); Docker takes each value whole. */
const PODMAN_COMMA_LISTS = new Set(['cap-add', 'cap-drop', 'publish', 'device']);

const NAMESPACE_FLAGS: Record<string, NamespaceKind> = { network: 'network', net: 'network', pid: 'pid', ipc: 'ipc', uts: 'uts', userns: 'userns', cgroupns: 'cgroup' };

/**
 * Images whose whole job needs the privileges they are run with: registering binfmt_misc handlers
 * so the host runs binaries of other CPU architectures (QEMU emulation for multi-platform builds).
 * They are run once, `--privileged`, with `--install all` or `--reset -p yes`: the image names the purpose.
 */
const BINFMT_IMAGES = new Set(['docker.io/tonistiigi/binfmt', 'docker.io/multiarch/qemu-user-static', 'docker.io/docker/binfmt', 'docker.io/linuxkit/binfmt']);

/** One flag as written, with its value and where both are. */
interface ReadFlag {
  /** The long name (`volume` for `-v`). */
  name: string;
  /** As written, for messages: `--net`, `-v`. */
  writtenAs: string;
  /** The value; undefined for a boolean written without one. */
  value: string | undefined;
  /** Where the value starts in the value word's text (after `=` or a short flag). */
  valueFrom: number;
  /** The flag's first word and its value's word (the same word for `--flag=value`). */
  flagIndex: number;
  valueIndex: number;
  /** Document span of the flag with its value. */
  start: number;
  end: number;
  /** The flag shares its word with other short flags (`-itp 80:80`): it cannot be removed alone. */
  grouped: boolean;
  dynamic: boolean;
}

/** The flag that adds a hardening setting a container lacks, as its fix writes it. */
const HARDENING_FLAGS: Partial<Record<HardeningSetting, string>> = {
  capDrop: '--cap-drop=ALL',
  noNewPrivileges: '--security-opt=no-new-privileges',
  readOnlyRootFilesystem: '--read-only',
};

/** The setting of the model each flag writes. */
const FLAG_SETTINGS: Record<string, SettingName> = {
  ...Object.fromEntries(Object.keys(NAMESPACE_FLAGS).map((flag) => [flag, 'namespaces'])),
  privileged: 'privileged', 'read-only': 'readOnlyRootFilesystem', 'cap-add': 'capAdd', 'cap-drop': 'capDrop', 'security-opt': 'securityOpt',
  volume: 'mounts', mount: 'mounts', tmpfs: 'tmpfs', device: 'devices', publish: 'ports', user: 'user', env: 'environment',
  memory: 'memoryLimit', cpus: 'cpuLimit', 'pids-limit': 'pidsLimit',
};

/** Reads a run line's words into the container they start. */
export function runContainer(args: RunArguments): ContainerRuntime {
  const { words, lines } = args;
  // Settings whose value is unknown; `unknown`: something may have set any setting (`$OPTS`, an unknown flag).
  const unresolved = new Set<SettingName>();
  let unknown = args.incomplete ?? false;
  const container = emptyContainer('run', args.label, args.anchor, args.incomplete ?? false);
  if (args.image) container.image = args.image;
  const flags: ReadFlag[] = [];
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i];
    const text = word.text;
    if (text === '--') {
      i++;
      break;
    }
    if (!text.startsWith('-') || text === '-') {
      if (word.dynamic) container.incomplete = true;
      // A job's options hold flags only (a stray word is passed on to `docker create` as it is).
      if (args.flagsOnly) {
        unknown ||= word.dynamic;
        continue;
      }
      // `$DOCKER_OPTS` may hold any number of flags: the flags after it are still read. A word the
      // shell does not split (`"$IMAGE"`, `docker:${VERSION}-dind`) is the image, unknown.
      if (word.splits) unknown = true;
      if (word.splits && words[i + 1]?.text.startsWith('-')) continue;
      break;
    }
    const read = text.startsWith('--') ? readLongFlag(args, i) : readShortFlags(args, i);
    if (read === 'unknown') {
      // A flag this table does not know: whether it takes the next word is not known either.
      container.incomplete = true;
      unknown = true;
      continue;
    }
    flags.push(...read);
    i = Math.max(i, ...read.map((flag) => flag.valueIndex));
  }
  if (!args.flagsOnly && i < words.length) {
    const imageWord = words[i];
    if (imageWord.dynamic) {
      container.incomplete = true;
      unresolved.add('image');
    }
    // `docker:${VERSION}-dind`: the tag is unknown, the name (what the image is) is not.
    const name = imageWord.splits ? undefined : knownImageName(imageWord.text);
    if (name !== undefined) container.image = { value: imageWord.text, range: lines.range(imageWord.start, imageWord.end) };
  }
  for (const flag of flags) {
    if (flag.dynamic && FLAG_SETTINGS[flag.name]) unresolved.add(FLAG_SETTINGS[flag.name]);
    applyFlag(args, container, flag);
  }
  if (container.incomplete && !unknown) container.unresolved = [...unresolved];
  const purpose = binfmtPurpose(container.image?.value);
  if (purpose) container.knownPurpose = purpose;
  const insertFlag = args.edits?.insertFlag;
  if (insertFlag) {
    container.lacking = (setting) => {
      const flag = HARDENING_FLAGS[setting];
      return flag ? { add: () => insertFlag(flag) } : {};
    };
  }
  return container;
}

/** `--name`, `--name=value`, `--name value`. */
function readLongFlag(args: RunArguments, index: number): ReadFlag[] | 'unknown' {
  const word = args.words[index];
  const equals = word.text.indexOf('=');
  const name = word.text.slice(2, equals < 0 ? undefined : equals);
  const spec = FLAGS.get(name);
  if (!spec) return 'unknown';
  const flag = (value: string | undefined, valueFrom: number, valueIndex: number, end: number, dynamic: boolean): ReadFlag => ({
    name, writtenAs: `--${name}`, value, valueFrom, flagIndex: index, valueIndex, start: word.start, end, grouped: false, dynamic,
  });
  if (equals >= 0) return [flag(word.text.slice(equals + 1), equals + 1, index, word.end, word.dynamic)];
  if (!spec.value) return [flag(undefined, word.text.length, index, word.end, word.dynamic)];
  const valueWord = args.words[index + 1];
  return valueWord ? [flag(valueWord.text, 0, index + 1, valueWord.end, valueWord.dynamic || word.dynamic)] : [];
}

/** `-i`, `-it`, `-itd`, `-p 80:80`, `-p80:80`, `-p=80:80`, `-dp 80:80`: a flag that takes a value ends the group. */
function readShortFlags(args: RunArguments, index: number): ReadFlag[] | 'unknown' {
  const word = args.words[index];
  const text = word.text;
  const grouped = text.length > 2;
  const flags: ReadFlag[] = [];
  for (let k = 1; k < text.length; k++) {
    const name = Object.hasOwn(SHORT_FLAGS, text[k]) ? SHORT_FLAGS[text[k]] : undefined;
    if (name === undefined) return 'unknown';
    // The first flag of the word starts at its dash; a later one at its letter.
    const span = spanOf(word, k, k + 1);
    const start = k === 1 ? word.start : span.start;
    const flag = (value: string | undefined, valueFrom: number, valueIndex: number, end: number, dynamic: boolean): ReadFlag => ({
      name, writtenAs: `-${text[k]}`, value, valueFrom, flagIndex: index, valueIndex, start, end, grouped, dynamic,
    });
    if (!FLAGS.get(name)!.value) {
      flags.push(flag(undefined, k + 1, index, span.end, word.dynamic));
      continue;
    }
    if (k + 1 < text.length) {
      const from = text[k + 1] === '=' ? k + 2 : k + 1;
      flags.push(flag(text.slice(from), from, index, word.end, word.dynamic));
    } else {
      const valueWord = args.words[index + 1];
      if (valueWord) flags.push(flag(valueWord.text, 0, index + 1, valueWord.end, valueWord.dynamic || word.dynamic));
    }
    break;
  }
  return flags;
}

function spanOf(word: RunWord, from: number, to: number): { start: number; end: number } {
  return word.span?.(from, to) ?? { start: word.start, end: word.end };
}

/** Turns one flag into the settings it gives. A value that is not known leaves the setting out. */
function applyFlag(args: RunArguments, container: ContainerRuntime, flag: ReadFlag): void {
  const { name, value } = flag;
  const range = args.lines.range(flag.start, flag.end);
  if (flag.dynamic) {
    // Only flags that change a setting the rules read make the container incomplete.
    if (FLAG_SETTINGS[name]) container.incomplete = true;
    return;
  }
  const edits = settingEdits(args, flag);
  // An environment value is never repeated in a message (it may be a secret).
  const written = name === 'env' ? undefined : writtenFlag(flag);
  const setting = <T>(v: T): RuntimeSetting<T> => ({ value: v, range, ...(written === undefined ? {} : { written }), ...(edits ? { edits } : {}) });
  const items = () => (value === undefined ? [] : args.engine === 'podman' && PODMAN_COMMA_LISTS.has(name) ? value.split(',') : [value]).map((item) => item.trim()).filter((item) => item !== '');
  if (name in NAMESPACE_FLAGS) {
    if (value !== undefined) container.namespaces.push(setting({ kind: NAMESPACE_FLAGS[name], mode: value, writtenAs: flag.writtenAs }));
    return;
  }
  switch (name) {
    case 'privileged': {
      const on = booleanValue(value);
      if (on === undefined) container.incomplete = true;
      else container.privileged.push(setting(on));
      return;
    }
    case 'read-only': {
      const on = booleanValue(value);
      if (on !== undefined) container.readOnlyRootFilesystem = setting(on);
      return;
    }
    case 'cap-add':
      for (const capability of items()) container.capAdd.push(setting(capability));
      return;
    case 'cap-drop':
      for (const capability of items()) container.capDrop.push(setting(capability));
      return;
    case 'security-opt':
      if (value) container.securityOpt.push(setting(value));
      return;
    case 'volume':
      if (value) container.mounts.push(setting({ ...parseShortVolume(value), range }));
      return;
    case 'mount': {
      const mount = value ? parseMountFlag(value) : undefined;
      if (mount) container.mounts.push(setting({ ...mount, range }));
      return;
    }
    case 'tmpfs':
      if (value) container.tmpfs.push(setting({ ...parseShortTmpfs(value), range }));
      return;
    case 'device':
      for (const device of items()) container.devices.push(setting({ ...parseShortDevice(device), range }));
      return;
    case 'publish':
      for (const port of items()) {
        const parsed = parseShortPort(port);
        if (parsed) container.ports.push(setting({ syntax: 'short', ...parsed, range }));
      }
      return;
    case 'user':
      if (value !== undefined) container.user = setting(value);
      return;
    case 'env':
      if (value) container.environment.push(setting(environmentSetting(args, flag, value)));
      return;
    case 'memory':
      if (value) container.memoryLimit = setting(value);
      return;
    case 'cpus':
      if (value) container.cpuLimit = setting(value);
      return;
    case 'pids-limit':
      if (value) container.pidsLimit = setting(value);
      return;
  }
}

/** The flag as messages quote it: `--privileged`, `--cap-add=SYS_ADMIN`, `-p 8080:80`. */
function writtenFlag(flag: ReadFlag): string {
  if (flag.value === undefined) return flag.writtenAs;
  return flag.writtenAs.startsWith('--') && flag.valueIndex === flag.flagIndex ? `${flag.writtenAs}=${flag.value}` : `${flag.writtenAs} ${flag.value}`;
}

/** pflag's booleans: `true`/`false`, `1`/`0`, `t`/`f` in any case; undefined for anything else. */
function booleanValue(value: string | undefined): boolean | undefined {
  if (value === undefined) return true;
  const text = value.toLowerCase();
  if (['true', '1', 't'].includes(text)) return true;
  if (['false', '0', 'f'].includes(text)) return false;
  return undefined;
}

/** `-e NAME=value` (a value written here) or `-e NAME` (taken from the environment of whoever runs the line). */
function environmentSetting(args: RunArguments, flag: ReadFlag, value: string): { name: string; value: string | undefined; valueOffsets?: [number, number] } {
  const equals = value.indexOf('=');
  if (equals < 0) return { name: value, value: undefined };
  const word = args.words[flag.valueIndex];
  const from = flag.valueFrom + equals + 1;
  const to = flag.valueFrom + value.length;
  const offsets = word.span && to > from ? word.span(from, to) : undefined;
  return { name: value.slice(0, equals), value: value.slice(equals + 1), ...(offsets ? { valueOffsets: [offsets.start, offsets.end] as [number, number] } : {}) };
}

/**
 * `--mount type=bind,source=/x,target=/y,readonly,bind-propagation=rshared`: the comma-separated
 * `key=value` fields Docker and Podman read (`src`, `dst`, `destination`, `ro` as aliases).
 */
export function parseMountFlag(text: string): Omit<VolumeMount, 'range' | 'definedAt'> | undefined {
  const fields = new Map<string, string | undefined>();
  for (const field of text.split(',')) {
    const equals = field.indexOf('=');
    const key = (equals < 0 ? field : field.slice(0, equals)).trim().toLowerCase();
    if (key !== '') fields.set(key, equals < 0 ? undefined : field.slice(equals + 1).trim());
  }
  const field = (...keys: string[]) => keys.map((key) => fields.get(key)).find((found) => found !== undefined);
  const typeText = field('type') ?? 'volume';
  const readOnlyKey = ['readonly', 'ro'].find((key) => fields.has(key));
  const readOnlyText = readOnlyKey === undefined ? 'false' : fields.get(readOnlyKey) ?? 'true';
  const source = field('source', 'src');
  const propagation = field('bind-propagation');
  return {
    syntax: 'long',
    type: mountType(typeText),
    source: source === '' ? undefined : source,
    target: field('target', 'destination', 'dst'),
    readOnly: booleanValue(readOnlyText) ?? false,
    propagation: propagation !== undefined && isPropagation(propagation) ? propagation : undefined,
    options: [],
  };
}

/** The edits of a setting written by one flag: remove it (with its value), or read an environment value from the host. */
function settingEdits(args: RunArguments, flag: ReadFlag): SettingEdits | undefined {
  const edits = args.edits;
  if (!edits || flag.grouped) return undefined;
  const result: SettingEdits = { remove: () => edits.removeWords(flag.flagIndex, flag.valueIndex) };
  if (flag.name === 'volume' && flag.value !== undefined) {
    const mount = parseShortVolume(flag.value);
    if (!mount.readOnly && mount.source !== undefined) {
      // `SOURCE:TARGET` gains `:ro`; `SOURCE:TARGET:MODES` gains `ro,` before its modes.
      const readOnly = mount.options.length === 0 && flag.value.split(':').length === 2 ? `${flag.value}:ro` : flag.value.replace(/:([^:]*)$/, ':ro,$1');
      result.readOnly = () => replaceValue(args, flag, readOnly);
    }
  }
  if (flag.name === 'user') result.replace = (user) => replaceValue(args, flag, user);
  if (flag.name === 'publish' && flag.value !== undefined && !flag.value.includes(',')) {
    const loopback = loopbackPort(flag.value);
    if (loopback) result.toLoopback = () => replaceValue(args, flag, loopback);
  }
  if (flag.name === 'env' && flag.value?.includes('=')) {
    const name = flag.value.slice(0, flag.value.indexOf('='));
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) result.fromHostEnvironment = () => replaceValue(args, flag, name);
  }
  return result;
}

/** A published port bound to 127.0.0.1 instead of every interface: `8080:80` → `127.0.0.1:8080:80`, `80` → `127.0.0.1::80`. */
function loopbackPort(text: string): string | undefined {
  const port = parseShortPort(text);
  if (!port) return undefined;
  if (port.hostIp === undefined) return `127.0.0.1:${text.includes(':') ? '' : ':'}${text}`;
  return port.hostIp === '0.0.0.0' ? text.replace(/^0\.0\.0\.0:/, '127.0.0.1:') : undefined;
}

/** Replaces a flag's value: the value word, or the `--flag=value` word with its new value. */
function replaceValue(args: RunArguments, flag: ReadFlag, value: string): TextEdit[] | undefined {
  const word = args.words[flag.valueIndex];
  const text = flag.valueIndex === flag.flagIndex ? `${word.text.slice(0, flag.valueFrom)}${value}` : value;
  return args.edits?.replaceWord(flag.valueIndex, text);
}

/** Why a binfmt registration image runs privileged, when the image is one. */
function binfmtPurpose(image: string | undefined): string | undefined {
  const name = image === undefined ? undefined : knownImageName(image);
  const reference = name === undefined ? undefined : parseImageReference(name);
  if (!reference) return undefined;
  const { registry, repository } = canonicalImage(reference);
  return BINFMT_IMAGES.has(`${registry}/${repository}`) ? `registering binfmt_misc handlers on the host for other CPU architectures (${repository})` : undefined;
}
