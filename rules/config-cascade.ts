import { CONFIG_FILE_NAMES, parseProjectConfig, type ConfigProblem, type ProjectConfig } from './config';
import { asFolder, folderOf, parentFolder, resolveLocation } from './workspace';

/**
 * Which `.bulwark.yaml` applies to a file, and what it builds on. Pure: the caller hands in a reader
 * (the CLI's disk, the server's open documents then disk), and locations are the caller's (file URIs
 * or paths).
 *
 * - The nearest configuration file applies: the one in the file's folder, else its parent's, and so
 *   on up to `top` (the scanned root, the workspace folder), never above it. Only that one applies.
 * - `extends: <path>` (relative to the file that writes it) builds on another file, itself maybe
 *   extending another. Merge order, first to last, the later winning: the extended file(s), deepest
 *   first, then the file itself. `rules`, `online` and `suppressions` merge key by key;
 *   `profile` and `trustedRegistries` are replaced whole; `ignore` and `trust` are not inherited (their paths are
 *   relative to the file that writes them), only the nearest file's own apply.
 * - An extended file must lie within `top` too; a missing one, a cycle, or a chain deeper than
 *   MAX_EXTENDS_DEPTH is reported at the `extends` that names it, and the rest still applies.
 */
export interface ResolvedProjectConfig {
  config: ProjectConfig;
  /** The configuration file that applies (its location), which `ignore` globs are relative to; undefined: none. */
  file?: string;
  /** Every configuration file read for it, the nearest first: a change to any of them changes the result. */
  files: string[];
  /** The problems of each of those files, located in it. */
  problems: ConfigFileProblem[];
}

export interface ConfigFileProblem extends ConfigProblem {
  /** The configuration file the problem is in. */
  file: string;
}

/** More is surely a mistake: an organisation's shared file rarely extends more than one other. */
export const MAX_EXTENDS_DEPTH = 8;

type ReadFile = (location: string) => string | undefined;

/** The configuration file nearest to a folder, searched upwards no higher than `top`; undefined when there is none. */
export function nearestConfigFile(folder: string, top: string, readFile: ReadFile): { location: string; text: string } | undefined {
  const limit = asFolder(top);
  for (let current: string | undefined = asFolder(folder); current !== undefined && current.startsWith(limit); current = parentFolder(current)) {
    for (const name of CONFIG_FILE_NAMES) {
      const location = `${current}${name}`;
      const text = readFile(location);
      if (text !== undefined) return { location, text };
    }
  }
  return undefined;
}

/** The configuration that applies to the files of a folder: its nearest configuration file, with what it extends. */
export function resolveFolderConfig(folder: string, top: string, readFile: ReadFile): ResolvedProjectConfig {
  const nearest = nearestConfigFile(folder, top, readFile);
  return nearest ? resolveConfigFile(nearest.location, nearest.text, top, readFile) : { config: {}, files: [], problems: [] };
}

/** A configuration file (already read) with the files it extends, merged. */
export function resolveConfigFile(location: string, text: string, top: string, readFile: ReadFile): ResolvedProjectConfig {
  const limit = asFolder(top);
  const files: string[] = [];
  const problems: ConfigFileProblem[] = [];
  const chain: ProjectConfig[] = [];
  let current: { location: string; text: string } | undefined = { location, text };
  while (current) {
    const { location: file } = current;
    files.push(file);
    const parsed = parseProjectConfig(current.text.replace(/^\uFEFF/, ''));
    for (const problem of parsed.problems) problems.push({ ...problem, file });
    chain.push(parsed.config);
    current = undefined;
    if (!parsed.extends) break;
    const { path, range } = parsed.extends;
    const report = (message: string) => problems.push({ file, range, severity: 'error', message });
    const target = resolveLocation(folderOf(file), path);
    if (files.includes(target)) {
      report(`extends makes a cycle (${[...files, target].map((f) => f.slice(f.lastIndexOf('/') + 1)).join(' → ')}): it is not followed.`);
    } else if (files.length > MAX_EXTENDS_DEPTH) {
      report(`extends goes more than ${MAX_EXTENDS_DEPTH} files deep: "${path}" is not followed.`);
    } else if (!target.startsWith(limit)) {
      report(`extends names "${path}", outside the folder Bulwark reads configuration from: it is not followed.`);
    } else {
      const extended = readFile(target);
      if (extended === undefined) report(`extends names "${path}", which cannot be read (no such file?): it is not followed.`);
      else current = { location: target, text: extended };
    }
  }
  // The deepest file first, each file over the one it extends.
  const [own, ...extended] = chain;
  const inherited = extended.reverse().reduce<ProjectConfig>((base, config) => mergeConfigs(base, config), {});
  const config: ProjectConfig = mergeConfigs(inherited, own);
  // Not inherited: only the nearest file's own.
  delete config.ignore;
  delete config.trust;
  if (own.ignore) config.ignore = own.ignore;
  if (own.trust) config.trust = own.trust;
  return { config, file: location, files, problems };
}

/** `override` over `base`, as `extends` merges (see above): maps key by key, lists replaced. */
export function mergeConfigs(base: ProjectConfig, override: ProjectConfig): ProjectConfig {
  const merged: ProjectConfig = { ...base, ...override };
  if (base.rules || override.rules) merged.rules = { ...base.rules, ...override.rules };
  if (base.online || override.online) merged.online = { ...base.online, ...override.online };
  if (base.suppressions || override.suppressions) merged.suppressions = { ...base.suppressions, ...override.suppressions };
  return merged;
}
