import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FileKind } from '../rules';
import { UsageError } from './args';
import { describeFsError, kindOfFileOnDisk, SKIPPED_FOLDERS } from '../disk/workspace';
import { comparePaths, displayPath } from './paths';

export interface FoundFile {
  absolutePath: string;
  /** Relative to the scan root, forward slashes. */
  path: string;
  kind: FileKind;
}

/** A path Bulwark did not check, and why. */
export interface Problem {
  absolutePath: string;
  path: string;
  reason: string;
}

export interface Discovery {
  /** Sorted by path, each file once. */
  files: FoundFile[];
  /** Folders that could not be listed. */
  unreadable: Problem[];
  /** Files given by name whose name is none Bulwark lints. */
  skipped: Problem[];
}

/**
 * Finds the files to lint under the given paths. A folder is searched recursively for the names
 * `detectKind` knows; a symbolic link to a folder is not followed, so a link cycle cannot loop.
 * A path that does not exist is a usage error.
 */
export function discoverFiles(paths: readonly string[], root: string): Discovery {
  const found = new Map<string, FoundFile>();
  const unreadable: Problem[] = [];
  const skipped: Problem[] = [];
  const add = (absolutePath: string, kind: FileKind) => found.set(absolutePath, { absolutePath, path: displayPath(root, absolutePath), kind });

  const walk = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      unreadable.push(problem(root, folder, describeFsError(error)));
      return;
    }
    for (const entry of entries) {
      const absolutePath = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(absolutePath);
        continue;
      }
      const kind = kindOfFileOnDisk(absolutePath, entry.isFile());
      // Anything else named like a lintable file is kept, so that one which cannot be read (a broken
      // link, a pipe) is reported rather than silently missing from the scan.
      if (kind && !(entry.isSymbolicLink() && isFolder(absolutePath))) add(absolutePath, kind);
    }
  };

  const missing: string[] = [];
  for (const path of paths) {
    const absolutePath = resolve(root, path);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolutePath).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(path);
      else unreadable.push(problem(root, absolutePath, describeFsError(error)));
      continue;
    }
    if (isDirectory) {
      walk(absolutePath);
      continue;
    }
    const kind = kindOfFileOnDisk(absolutePath, true);
    if (kind) add(absolutePath, kind);
    else skipped.push(problem(root, absolutePath, 'it is none of a Dockerfile, a Compose file, a devcontainer.json, daemon.json, a systemd unit file, a shell script, a Makefile or a CI file'));
  }
  if (missing.length > 0) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);

  return { files: [...found.values()].sort((a, b) => comparePaths(a.path, b.path)), unreadable, skipped };
}

function problem(root: string, absolutePath: string, reason: string): Problem {
  return { absolutePath, path: displayPath(root, absolutePath), reason };
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
