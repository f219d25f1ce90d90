import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isIgnoredPath, resolveConfigFile, resolveFolderConfig, type ConfigFileProblem, type ProjectConfig, type ResolvedProjectConfig } from '../rules';
import { UsageError } from './args';
import { describeFsError, folderUri, readFileFromDisk } from '../disk/workspace';
import { isFolder } from './discover';
import { displayPath } from './paths';

/** The configuration that applies to a file. */
export interface LoadedConfig {
  config: ProjectConfig;
  /** The folder `ignore` globs are relative to; undefined when no file was found. */
  folder?: string;
}

const NO_CONFIG: LoadedConfig = { config: {} };

/** A configuration file larger than this is not one: it is left unread, as if absent. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The project configuration of each scanned file: the file given with --config (which must exist)
 * for every file, else the nearest `.bulwark.yaml` (or `.yml`) above each file, searched no higher
 * than the scanned root it was found under (the current folder, or a scanned folder outside it),
 * with the files it `extends` (see rules/config-cascade.ts). Problems are reported, located, and the
 * rest of each file still applies, as in the editor.
 */
export class ProjectConfigs {
  private readonly byFolder = new Map<string, LoadedConfig>();
  private readonly problemLines: string[] = [];
  private readonly seenProblems = new Set<string>();
  private readonly explicit?: LoadedConfig;
  /** The folders a search for a configuration stops at, longest first. */
  private readonly tops: string[];

  constructor(
    private readonly cwd: string,
    explicitPath: string | undefined,
    scannedPaths: readonly string[],
  ) {
    this.tops = [cwd, ...scannedPaths.map((path) => resolve(cwd, path)).map((path) => (isFolder(path) ? path : dirname(path)))].sort((a, b) => b.length - a.length);
    if (explicitPath !== undefined) this.explicit = this.loadExplicit(resolve(cwd, explicitPath), explicitPath);
  }

  /** The configuration that applies to a file. */
  forFile(absolutePath: string): LoadedConfig {
    if (this.explicit) return this.explicit;
    const folder = dirname(absolutePath);
    let loaded = this.byFolder.get(folder);
    if (!loaded) {
      const top = this.tops.find((candidate) => isWithinFolder(candidate, folder)) ?? folder;
      loaded = this.adopt(resolveFolderConfig(folderUri(folder), folderUri(top), (location) => this.readConfig(location)));
      this.byFolder.set(folder, loaded);
    }
    return loaded;
  }

  /** The configuration of the current folder: the online features and trust keys are read from it. */
  get root(): LoadedConfig {
    return this.explicit ?? this.forFile(resolve(this.cwd, '.bulwark.yaml'));
  }

  /** Each problem of the configuration files read so far, once, as `file:line:column: severity: message`. */
  get problems(): readonly string[] {
    return this.problemLines;
  }

  private loadExplicit(path: string, shownPath: string): LoadedConfig {
    let text: string;
    try {
      // Opening a named pipe would block until something writes to it.
      if (!statSync(path).isFile()) throw new Error('not a regular file');
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the configuration ${shownPath}: ${describeFsError(error)}`);
    }
    // The file was named on purpose: what it extends may be beside it, even outside the current folder.
    const top = isWithinFolder(this.cwd, path) ? this.cwd : dirname(path);
    return this.adopt(resolveConfigFile(pathToFileURL(path).href, text, folderUri(top), (location) => this.readConfig(location)));
  }

  private adopt(resolved: ResolvedProjectConfig): LoadedConfig {
    for (const problem of resolved.problems) {
      const line = describeProblem(displayPath(this.cwd, fileURLToPath(problem.file)), problem);
      if (this.seenProblems.has(line)) continue;
      this.seenProblems.add(line);
      this.problemLines.push(line);
    }
    return resolved.file === undefined ? NO_CONFIG : { config: resolved.config, folder: dirname(fileURLToPath(resolved.file)) };
  }

  /**
   * A configuration file's text; undefined when there is none. One that is there but cannot be read
   * (a named pipe, a folder, too large, no permission) is a usage error: the scan must not go on
   * without the settings the project wrote.
   */
  private readConfig(location: string): string | undefined {
    const path = fileURLToPath(location);
    const stats = statSync(path, { throwIfNoEntry: false });
    if (!stats) return undefined;
    const shown = displayPath(this.cwd, path);
    if (!stats.isFile()) throw new UsageError(`cannot read the configuration ${shown}: not a regular file`);
    if (stats.size > MAX_CONFIG_BYTES) throw new UsageError(`cannot read the configuration ${shown}: larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB`);
    const text = readFileFromDisk(location, MAX_CONFIG_BYTES);
    if (text === undefined) throw new UsageError(`cannot read the configuration ${shown}: permission denied or removed`);
    return text;
  }
}

function isWithinFolder(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  return inside === '' || (!inside.startsWith('..') && !inside.startsWith(sep) && !/^[A-Za-z]:/.test(inside));
}

/** Whether the configuration's `ignore` globs leave out a file. */
export function isIgnoredByConfig(loaded: LoadedConfig, absolutePath: string): boolean {
  if (loaded.folder === undefined || !loaded.config.ignore?.length) return false;
  const path = relative(loaded.folder, absolutePath);
  // Files outside the configuration's folder are not its business.
  if (path.startsWith('..')) return false;
  return isIgnoredPath(path.split(sep).join('/'), loaded.config.ignore);
}

function describeProblem(file: string, { range: { start }, severity, message }: ConfigFileProblem): string {
  return `${file}:${start.line + 1}:${start.character + 1}: ${severity}: ${message}`;
}
