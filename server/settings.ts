import { DEFAULT_PROFILE, isProfile, PROFILES, registryMapProblem, SEVERITY_SETTINGS, type Profile, type SeveritySetting, type TrustKeySetting } from '../rules';

export type RunMode = 'onType' | 'onSave';

export interface ServerSettings {
  /** Off: nothing is linted and every published diagnostic is cleared. */
  enable: boolean;
  /** Lint while typing (debounced), or only when a document is opened or saved. */
  run: RunMode;
  /** The rule set to run, unless the project file chooses one. */
  profile: Profile;
  /** Per-rule severity overrides, handed to the engine as `LintOptions.rules`. */
  rules: Record<string, SeveritySetting>;
  /** Globs, relative to the workspace folder, of files never linted. */
  ignore: string[];
  /** Registries whose images are trusted (empty: no check). */
  trustedRegistries: string[];
  /** Features that contact the network; a project file cannot turn them on in an untrusted workspace. */
  online: { registry: boolean; insecureRegistries: string[]; registryMap: Record<string, string> };
  /** The keys whose signatures make an image trusted. */
  trust: { keys: TrustKeySetting[] };
  /** How long the edits of a document must pause before it is linted; 0 lints on every change. */
  debounceMs: number;
  /** Whether the user trusts the workspace (the client says so); untrusted means restricted mode. */
  workspaceTrusted: boolean;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  enable: true,
  run: 'onType',
  profile: DEFAULT_PROFILE,
  rules: {},
  ignore: [],
  trustedRegistries: [],
  online: { registry: false, insecureRegistries: [], registryMap: {} },
  trust: { keys: [] },
  debounceMs: 200,
  // A client that does not say (any LSP editor but VS Code) may have opened anything: untrusted.
  workspaceTrusted: false,
};

const RUN_MODES: readonly RunMode[] = ['onType', 'onSave'];

// Node clamps a longer setTimeout delay to 1 ms, which would turn a huge debounce into none.
const MAX_DEBOUNCE_MS = 2 ** 31 - 1;

/**
 * Reads a Bulwark settings object (the `initializationOptions`, or `settings.bulwark` of
 * `workspace/didChangeConfiguration`) over the current settings. A field that is absent keeps its
 * value; a field that is invalid is ignored and described in `problems`.
 */
export function readSettings(current: ServerSettings, raw: unknown): { settings: ServerSettings; problems: string[] } {
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings: current, problems };
  if (!isRecord(raw)) return { settings: current, problems: [`the Bulwark settings are ${JSON.stringify(raw)}, not an object`] };

  const settings = { ...current };
  const read = <K extends keyof ServerSettings>(key: K, accept: (value: unknown) => ServerSettings[K] | undefined, expected: string) => {
    if (raw[key] === undefined) return;
    const value = accept(raw[key]);
    if (value === undefined) problems.push(`${key} is ${JSON.stringify(raw[key])}, not ${expected}`);
    else settings[key] = value;
  };
  read('enable', (value) => (typeof value === 'boolean' ? value : undefined), 'true or false');
  read('run', (value) => (RUN_MODES.includes(value as RunMode) ? (value as RunMode) : undefined), `one of ${RUN_MODES.join(', ')}`);
  read('profile', (value) => (isProfile(value) ? value : undefined), `one of ${PROFILES.join(', ')}`);
  read('rules', (value) => (isRecord(value) ? readRules(value, problems) : undefined), 'an object of rule ids to severities');
  read('ignore', readStrings, 'a list of globs');
  read('trustedRegistries', readStrings, 'a list of registries');
  read('online', readOnline, 'an object like { "registry": false, "insecureRegistries": [], "registryMap": {} }');
  read('trust', readTrust, 'an object like { "keys": [{ "scope": "docker.io/library/*", "key": "<PEM or file>" }] }');
  read('debounceMs', (value) => (typeof value === 'number' && value >= 0 && value <= MAX_DEBOUNCE_MS ? value : undefined), `a number of milliseconds from 0 to ${MAX_DEBOUNCE_MS}`);
  read('workspaceTrusted', (value) => (typeof value === 'boolean' ? value : undefined), 'true or false');
  return { settings, problems };
}

/** The Bulwark section of the settings that `workspace/didChangeConfiguration` carries. */
export function bulwarkSection(changedSettings: unknown): unknown {
  return isRecord(changedSettings) ? changedSettings.bulwark : undefined;
}

/** Whether two settings lint differently (the debounce only changes when). */
export function lintsDifferently(a: ServerSettings, b: ServerSettings): boolean {
  const { debounceMs: _a, ...restA } = a;
  const { debounceMs: _b, ...restB } = b;
  return JSON.stringify(restA) !== JSON.stringify(restB);
}

/**
 * Whether two configurations (settings, or project files) differ at most in the severities they
 * set: the same rules named, the same of them off, everything else alike. Such a change needs no
 * lint, only the findings published again at their new severities. A rule named for the first time
 * (or no longer) is not such a change: a rule the profile leaves out runs when it is named.
 */
export function differInSeveritiesOnly<T extends { rules?: Record<string, SeveritySetting> }>(a: T, b: T): boolean {
  const withoutSeverities = (configuration: T) => {
    const rules = configuration.rules ?? {};
    const named = Object.keys(rules).sort();
    return { ...configuration, rules: { named, off: named.filter((id) => rules[id] === 'off') } };
  };
  return JSON.stringify(withoutSeverities(a)) === JSON.stringify(withoutSeverities(b));
}

function readRules(raw: Record<string, unknown>, problems: string[]): ServerSettings['rules'] {
  const rules: ServerSettings['rules'] = {};
  for (const [id, severity] of Object.entries(raw)) {
    if (isSeveritySetting(severity)) rules[id] = severity;
    else problems.push(`rules["${id}"] is ${JSON.stringify(severity)}, not one of ${SEVERITY_SETTINGS.join(', ')}`);
  }
  return rules;
}

function readOnline(value: unknown): ServerSettings['online'] | undefined {
  if (!isRecord(value) || typeof (value.registry ?? false) !== 'boolean') return undefined;
  const insecureRegistries = readStrings(value.insecureRegistries ?? []);
  const registryMap = value.registryMap ?? {};
  if (!insecureRegistries || !isRecord(registryMap) || Object.entries(registryMap).some(([host, url]) => registryMapProblem(host, url))) return undefined;
  return { registry: value.registry === true, insecureRegistries, registryMap: registryMap as Record<string, string> };
}

function readTrust(value: unknown): ServerSettings['trust'] | undefined {
  if (!isRecord(value) || !Array.isArray(value.keys ?? [])) return undefined;
  const keys = (value.keys ?? []) as unknown[];
  const valid = keys.every((key) => isRecord(key) && typeof key.scope === 'string' && typeof key.key === 'string' && (key.name === undefined || typeof key.name === 'string'));
  return valid ? { keys: keys as TrustKeySetting[] } : undefined;
}

function readStrings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '') ? (value as string[]) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSeveritySetting(value: unknown): value is SeveritySetting {
  return SEVERITY_SETTINGS.includes(value as SeveritySetting);
}
