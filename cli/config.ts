import { dirname, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE_NAMES, isIgnoredPath, parseProjectConfig, type ConfigProblem, type ProjectConfig } from '../rules';
import { UsageError } from './args';
import { describeFsError, readRegularFile } from '../disk/workspace';
import { displayPath } from './paths';

export interface LoadedConfig {
  config: ProjectConfig;
  /** The folder `ignore` globs are relative to; undefined when no file was found. */
  folder?: string;
  /** Each problem as one line `file:line:column: severity: message`. */
  problems: string[];
  /**
   * Whether the user named the file (--config): then it may also steer the network (insecure
   * registries, registry map, trust keys). The `.bulwark.yaml` found in the current folder is the
   * repository's, which may only narrow what the user asked for.
   */
  fromUser: boolean;
  /** Where the file is, for messages about it. */
  path?: string;
}

/** A configuration file is small: no more of one is read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The project configuration: the file given with --config (which must exist), else `.bulwark.yaml`
 * (or `.yml`) in the current folder when there is one. Its problems are reported, and the rest of
 * it still applies, as in the editor.
 */
export function loadConfig(cwd: string, explicitPath: string | undefined): LoadedConfig {
  const candidates = explicitPath === undefined ? CONFIG_FILE_NAMES.map((name) => join(cwd, name)) : [resolve(cwd, explicitPath)];
  for (const path of candidates) {
    let text: string;
    try {
      text = readRegularFile(path, MAX_CONFIG_BYTES, undefined);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (explicitPath === undefined && code === 'ENOENT') continue;
      throw new UsageError(`cannot read the configuration ${explicitPath ?? displayPath(cwd, path)}: ${describeFsError(error)}`);
    }
    const { config, problems } = parseProjectConfig(text.replace(/^\uFEFF/, ''));
    return { config, folder: dirname(path), problems: problems.map((problem) => describeProblem(displayPath(cwd, path), problem)), fromUser: explicitPath !== undefined, path: displayPath(cwd, path) };
  }
  return { config: {}, problems: [], fromUser: false };
}

/** Whether the configuration's `ignore` globs leave out a file. */
export function isIgnoredByConfig(loaded: LoadedConfig, absolutePath: string): boolean {
  if (loaded.folder === undefined || !loaded.config.ignore?.length) return false;
  const path = relative(loaded.folder, absolutePath);
  // Files outside the configuration's folder are not its business.
  if (path.startsWith('..')) return false;
  return isIgnoredPath(path.split(sep).join('/'), loaded.config.ignore);
}

function describeProblem(file: string, { range: { start }, severity, message }: ConfigProblem): string {
  return `${file}:${start.line + 1}:${start.character + 1}: ${severity}: ${message}`;
}
