import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_MAX_FILE_SIZE, type DirectoryEntry, type WorkspaceView } from '../rules';

/** Folders a search for lintable files never enters: dependencies and version-control internals hold no project Dockerfile. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git']);

/**
 * A file over this many bytes surely decodes to more characters than the engine lints (in UTF-8 no
 * UTF-16 code unit takes more than 3 bytes; the 3 are a byte-order mark), so it is not read at all:
 * a multi-gigabyte file would not even fit in a string.
 */
export const MAX_BYTES_READ = 3 * DEFAULT_MAX_FILE_SIZE + 3;

/**
 * Reads a `file:` location from the disk for the engine's workspace view (shared by the server and
 * the CLI). Anything that is not a regular file within `maxBytes`, or cannot be read, is absent.
 */
export function readFileFromDisk(location: string, maxBytes: number): string | undefined {
  try {
    const path = fileURLToPath(location);
    // Most reads look for a file that may be absent (`.dockerignore`, `.env`): no exception for those.
    const stats = statSync(path, { throwIfNoEntry: false });
    // Without the byte-order mark, as editors show the text: fix edits count columns in that text.
    return stats?.isFile() && stats.size <= maxBytes ? readFileSync(path, 'utf8').replace(/^\uFEFF/, '') : undefined;
  } catch {
    return undefined;
  }
}

/** The entries of a `file:` folder on the disk; undefined when it is no folder or cannot be read. */
export function listDirectoryOnDisk(location: string): DirectoryEntry[] | undefined {
  try {
    // Links are not followed: a build sends a link as a link, and a link cycle cannot loop a walk.
    return readdirSync(fileURLToPath(location), { withFileTypes: true }).map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory() }));
  } catch {
    return undefined;
  }
}

/** The `file:` URI of a folder, ending with `/`. */
export function folderUri(path: string): string {
  const uri = pathToFileURL(path).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/** Whether a location lies in one of the folders (URIs ending with `/`), compared after decoding. */
export function isWithin(location: string, folders: readonly string[]): boolean {
  const decoded = decodeLocation(location.endsWith('/') ? location : `${location}/`);
  return folders.some((folder) => decoded.startsWith(decodeLocation(folder)));
}

/** Normalized (`..` resolved) and decoded: editors encode URIs differently (`c%3A` and `c:`) for the same file. */
function decodeLocation(location: string): string {
  try {
    return decodeURIComponent(new URL(location).href);
  } catch {
    return location;
  }
}

/** The disk as the engine's workspace view: files read within `maxBytes`, folders listed only within `roots`. */
export function diskWorkspace(roots: readonly string[], maxBytes: number): WorkspaceView {
  return {
    readFile: (location) => readFileFromDisk(location, maxBytes),
    listDirectory: (location) => (isWithin(location, roots) ? listDirectoryOnDisk(location) : undefined),
  };
}

/** A short reason for a failed file-system call, without the absolute path Node puts in its messages. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file (a broken link, or removed during the scan)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
