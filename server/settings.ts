import type { SeveritySetting } from '../rules';

export interface ServerSettings {
  /** Per-rule severity overrides, handed to the engine as `LintOptions.rules`. */
  rules: Record<string, SeveritySetting>;
  /** How long the edits of a document must pause before it is linted; 0 lints on every change. */
  debounceMs: number;
  /** The registries images may come from, handed to the engine as `LintOptions.trustedRegistries`; empty: any. */
  trustedRegistries: string[];
}

export const DEFAULT_SETTINGS: ServerSettings = { rules: {}, debounceMs: 200, trustedRegistries: [] };

const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];

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
  if (raw.rules !== undefined) {
    if (isRecord(raw.rules)) settings.rules = readRules(raw.rules, problems);
    else problems.push(`rules is ${JSON.stringify(raw.rules)}, not an object of rule ids to severities`);
  }
  if (raw.debounceMs !== undefined) {
    const { debounceMs } = raw;
    if (typeof debounceMs === 'number' && debounceMs >= 0 && debounceMs <= MAX_DEBOUNCE_MS) settings.debounceMs = debounceMs;
    else problems.push(`debounceMs is ${JSON.stringify(debounceMs)}, not a number of milliseconds from 0 to ${MAX_DEBOUNCE_MS}`);
  }
  if (raw.trustedRegistries !== undefined) {
    const { trustedRegistries } = raw;
    if (Array.isArray(trustedRegistries) && trustedRegistries.every((entry) => typeof entry === 'string' && entry.trim() !== '')) settings.trustedRegistries = trustedRegistries;
    else problems.push(`trustedRegistries is ${JSON.stringify(trustedRegistries)}, not a list of registry hosts or host/path prefixes`);
  }
  return { settings, problems };
}

/** The Bulwark section of the settings that `workspace/didChangeConfiguration` carries. */
export function bulwarkSection(changedSettings: unknown): unknown {
  return isRecord(changedSettings) ? changedSettings.bulwark : undefined;
}

/** Whether two settings lint alike: the same severities and the same trusted registries. */
export function sameLintSettings(a: ServerSettings, b: ServerSettings): boolean {
  const aIds = Object.keys(a.rules);
  const sameRules = aIds.length === Object.keys(b.rules).length && aIds.every((id) => a.rules[id] === b.rules[id]);
  return sameRules && a.trustedRegistries.length === b.trustedRegistries.length && a.trustedRegistries.every((entry, i) => entry === b.trustedRegistries[i]);
}

function readRules(raw: Record<string, unknown>, problems: string[]): ServerSettings['rules'] {
  const rules: ServerSettings['rules'] = {};
  for (const [id, severity] of Object.entries(raw)) {
    if (isSeveritySetting(severity)) rules[id] = severity;
    else problems.push(`rules["${id}"] is ${JSON.stringify(severity)}, not one of ${SEVERITY_SETTINGS.join(', ')}`);
  }
  return rules;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSeveritySetting(value: unknown): value is SeveritySetting {
  return SEVERITY_SETTINGS.includes(value as SeveritySetting);
}
