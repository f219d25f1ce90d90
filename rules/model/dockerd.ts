import type { Range } from '../types';
import { lastLineOf } from '../text';

/**
 * The Docker daemon's settings, whether written in daemon.json or as dockerd flags, in one
 * vocabulary: the daemon.json key names. Rules judge both sources with the same code.
 */

/** One value of a list setting (`hosts`, `insecure-registries`): a JSON array item, or one flag. */
export interface SettingItem {
  value: string | undefined;
  /** The JSON item, or the flag with its value (`-H tcp://0.0.0.0:2375`). */
  range: Range;
}

export interface DaemonSetting {
  /** The daemon.json key (`hosts` for `-H`/`--host`). */
  key: string;
  /** A scalar value; undefined for objects, arrays and null. */
  value: string | number | boolean | undefined;
  /** The items of a list value; a flag is a list of one. */
  items: SettingItem[];
  /** The key with its value, or the flag with its value. */
  range: Range;
  keyRange: Range;
  /** Where the flag's value is written, or the JSON value. */
  valueRange: Range;
}

export interface DaemonSettings {
  settings: DaemonSetting[];
  /**
   * Some settings cannot be read (a `$VAR` in a command line may hold any flag): the absence of a
   * setting then proves nothing.
   */
  incomplete: boolean;
}

/** A word of a command line, unquoted, with where it is written. */
export interface Word {
  text: string;
  range: Range;
  /** The word holds an unexpanded variable (`$OPTS`, `${OPTS}`): its value is unknown. */
  dynamic: boolean;
}

/** A dockerd invocation: the program word and the settings its flags give. */
export interface DockerdCommand extends DaemonSettings {
  program: Word;
  /** The `--config-file` flag's value, when given. */
  configFile?: string;
}

/** The daemon.json keys whose flag has another name (list flags are singular, `-H` is `hosts`). */
const FLAG_KEYS: Record<string, string> = {
  H: 'hosts',
  host: 'hosts',
  'insecure-registry': 'insecure-registries',
  'registry-mirror': 'registry-mirrors',
  label: 'labels',
  'storage-opt': 'storage-opts',
  'log-opt': 'log-opts',
  'exec-opt': 'exec-opts',
  'dns-opt': 'dns-opts',
  'add-runtime': 'runtimes',
  'default-ulimit': 'default-ulimits',
  'authorization-plugin': 'authorization-plugins',
  'node-generic-resource': 'node-generic-resources',
  'default-address-pool': 'default-address-pools',
  'cdi-spec-dir': 'cdi-spec-dirs',
  feature: 'features',
  D: 'debug',
  l: 'log-level',
  p: 'pidfile',
  G: 'group',
  b: 'bridge',
  g: 'graph',
};

/** Flags that take no separate value (`--icc=false` is still accepted). */
const BOOLEAN_FLAGS = new Set([
  'tls', 'tlsverify', 'icc', 'no-new-privileges', 'experimental', 'debug', 'D', 'live-restore', 'selinux-enabled', 'iptables',
  'ip6tables', 'ip-forward', 'ip-forward-no-drop', 'ip-masq', 'ipv6', 'userland-proxy', 'init', 'raw-logs', 'rootless', 'validate',
  'version', 'v', 'help', 'disable-legacy-registry', 'allow-direct-routing', 'd', 'daemon',
]);

const DAEMON_PROGRAMS = new Set(['dockerd', 'dockerd-rootless.sh', 'dockerd-entrypoint.sh']);

/**
 * Where the daemon's flags start in a command line whose first two words are `first` and `second`:
 * after `dockerd` (or the rootless and Docker-in-Docker wrappers that pass their arguments on), or
 * after the old `docker daemon` and `docker -d`. Undefined for any other command. Takes the texts
 * alone so that callers can tell before making the words' ranges.
 */
export function dockerdFlagsStart(first: string, second: string | undefined): number | undefined {
  const name = first.slice(first.lastIndexOf('/') + 1);
  if (DAEMON_PROGRAMS.has(name)) return 1;
  if (name === 'docker' && second !== undefined && ['daemon', '-d', '--daemon'].includes(second)) return 2;
  return undefined;
}

/** Reads dockerd's flags; undefined when the words are not a dockerd command. */
export function parseDockerdCommand(words: readonly Word[]): DockerdCommand | undefined {
  const start = words.length === 0 ? undefined : dockerdFlagsStart(words[0].text, words[1]?.text);
  if (start === undefined) return undefined;
  return { program: words[0], ...parseDockerdFlags(words.slice(start)) };
}

/** Reads a list of dockerd flags (`-H tcp://x --tlsverify --icc=false`) into settings. */
export function parseDockerdFlags(words: readonly Word[]): Omit<DockerdCommand, 'program'> {
  const settings: DaemonSetting[] = [];
  let incomplete = false;
  let configFile: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.dynamic) incomplete = true;
    // `--name`, `--name=value`; `-H`, `-H=value`, and a short flag glued to its value (`-Htcp://...`).
    const flag = /^--([A-Za-z][\w.-]*)(?:=(.*))?$/s.exec(word.text) ?? /^-([A-Za-z])(?:=?(.+))?$/s.exec(word.text);
    if (!flag) continue;
    const [, flagName, inlineValue] = flag;
    let value: string | boolean | undefined;
    let valueWord: Word | undefined;
    if (inlineValue !== undefined || word.text.endsWith('=')) {
      value = inlineValue ?? '';
      valueWord = word;
    } else if (BOOLEAN_FLAGS.has(flagName)) {
      value = true;
    } else if (i + 1 < words.length && !words[i + 1].text.startsWith('-')) {
      valueWord = words[++i];
      value = valueWord.text;
      if (valueWord.dynamic) incomplete = true;
    }
    if (BOOLEAN_FLAGS.has(flagName) && typeof value === 'string') value = value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
    const key = (Object.hasOwn(FLAG_KEYS, flagName) ? FLAG_KEYS[flagName] : undefined) ?? flagName;
    if (key === 'config-file' && typeof value === 'string') configFile = value;
    const end = (valueWord ?? word).range.end;
    const range = { start: word.range.start, end };
    settings.push({
      key,
      value,
      items: [{ value: typeof value === 'string' ? value : undefined, range }],
      range,
      keyRange: word.range,
      valueRange: valueWord?.range ?? word.range,
    });
  }
  return { settings, incomplete, configFile };
}

/** The last setting of `key` (dockerd keeps the last of repeated scalar flags). */
export function settingOf(settings: DaemonSettings | undefined, key: string): DaemonSetting | undefined {
  return settings?.settings.filter((setting) => setting.key === key).at(-1);
}

/** Every item of a list setting, across repeated flags. */
export function itemsOf(settings: DaemonSettings, key: string): SettingItem[] {
  return settings.settings.filter((setting) => setting.key === key).flatMap((setting) => setting.items);
}

export function isTrue(setting: DaemonSetting | undefined): boolean {
  return setting?.value === true;
}

/** The port of a daemon host address, with dockerd's defaults; undefined for a non-TCP address. */
export function tcpPort(host: string, tls: boolean): number | undefined {
  const address = host.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(address);
  if (scheme && scheme[1].toLowerCase() !== 'tcp') return undefined;
  const rest = scheme ? address.slice(scheme[0].length) : address;
  // Without a scheme dockerd reads `host:port` as TCP; a bare word is not an address at all.
  if (!scheme && !/:\d*$/.test(rest)) return undefined;
  // `/:(\d+)(?:\/.*)?$/` on the last line, without that regex's quadratic retries across line breaks.
  const port = /:(\d+)(?=\/|$)/.exec(lastLineOf(rest));
  return port ? Number(port[1]) : tls ? 2376 : 2375;
}
