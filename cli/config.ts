import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE_NAMES, isIgnoredPath, parseProjectConfig, type ConfigProblem, type ProjectConfig } from '../rules';
import { UsageError } from './args';
import { describeFsError } from '../disk/workspace';
import { displayPath } from './paths';

export interface LoadedConfig {
  config: ProjectConfig;
  /** The folder `ignore` globs are relative to; undefined when no file was found. */
  folder?: string;
  /** Each problem as one line `file:line:column: severity: message`. */
  problems: string[];
}

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
      // Opening a named pipe would block until something writes to it.
      if (!statSync(path).isFile()) throw new Error('not a regular file');
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (explicitPath === undefined && code === 'ENOENT') continue;
      throw new UsageError(`cannot read the configuration ${explicitPath ?? displayPath(cwd, path)}: ${describeFsError(error)}`);
    }
    const { config, problems } = parseProjectConfig(text.replace(/^\uFEFF/, ''));
    return { config, folder: dirname(path), problems: problems.map((problem) => describeProblem(displayPath(cwd, path), problem)) };
  }
  return { config: {}, problems: [] };
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
