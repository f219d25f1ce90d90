import { statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isIgnoredPath, resolveConfigFile, resolveFolderConfig, type ConfigFileProblem, type ProjectConfig, type ResolvedProjectConfig } from '../rules';
import { UsageError } from './args';
import { describeFsError, folderUri, readRegularFile, realRoots } from '../disk/workspace';
import { isFolder } from './discover';
import { displayPath } from './paths';

/** The configuration that applies to a file. */
export interface LoadedConfig {
  config: ProjectConfig;
  /** The folder `ignore` globs are relative to; undefined when no file was found. */
  folder?: string;
  /**
   * Whether the user named the file (--config): then it may also steer the network (insecure
   * registries, registry map, trust keys). A `.bulwark.yaml` found in the scanned folders is the
   * repository's, which may only narrow what the user asked for.
   */
  fromUser: boolean;
  /** Where the file is, for messages about it. */
  path?: string;
}

const NO_CONFIG: LoadedConfig = { config: {}, fromUser: false };

/** A configuration file is small: no more of one is read. */
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
    if (explicitPath !== undefined) {
      // The user named the file: what it extends may lie beside it, even outside the scanned folders.
      this.tops.push(dirname(resolve(cwd, explicitPath)));
      this.explicit = this.loadExplicit(resolve(cwd, explicitPath), explicitPath);
    }
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
      text = readRegularFile(path, MAX_CONFIG_BYTES, undefined);
    } catch (error) {
      throw new UsageError(`cannot read the configuration ${shownPath}: ${describeFsError(error)}`);
    }
    // The file was named on purpose: what it extends may be beside it, even outside the current folder.
    const top = isWithinFolder(this.cwd, path) ? this.cwd : dirname(path);
    return { ...this.adopt(resolveConfigFile(pathToFileURL(path).href, text, folderUri(top), (location) => this.readConfig(location))), fromUser: true };
  }

  private adopt(resolved: ResolvedProjectConfig): LoadedConfig {
    for (const problem of resolved.problems) {
      const line = describeProblem(displayPath(this.cwd, fileURLToPath(problem.file)), problem);
      if (this.seenProblems.has(line)) continue;
      this.seenProblems.add(line);
      this.problemLines.push(line);
    }
    if (resolved.file === undefined) return NO_CONFIG;
    const path = fileURLToPath(resolved.file);
    return { config: resolved.config, folder: dirname(path), fromUser: false, path: displayPath(this.cwd, path) };
  }

  /**
   * A configuration file's text; undefined when there is none. One that is there but cannot be read
   * (a named pipe, a folder, too large, no permission) is a usage error: the scan must not go on
   * without the settings the project wrote.
   */
  private readConfig(location: string): string | undefined {
    const path = fileURLToPath(location);
    if (!statSync(path, { throwIfNoEntry: false })) return undefined;
    try {
      // Through its real path, within the folders scanned: a link out of them is refused.
      return readRegularFile(path, MAX_CONFIG_BYTES, realRoots(this.tops)).replace(/^\uFEFF/, '');
    } catch (error) {
      throw new UsageError(`cannot read the configuration ${displayPath(this.cwd, path)}: ${describeFsError(error)}`);
    }
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
