import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, realpathSync, writeSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONTENT_SNIFF_CHARACTERS, DEFAULT_MAX_FILE_SIZE, kindOfContent, kindOfName, kindOfShebang, mayHaveShebang, mayTellByContent, type DirectoryEntry, type FileKind, type WorkspaceView } from '../rules';

/*
 * The one place Bulwark touches the disk, for the CLI and the server alike. A repository decides
 * which paths its files name (`build.context: ../elsewhere`, a `.env` linked to
 * /proc/self/environ): every path is taken to its real path and refused outside the scanned roots,
 * only regular files are read, never more than a bound whatever size the file reports, and writes
 * never follow a link. See docs/security.md.
 */

/** Folders a search for lintable files never enters: dependencies and version-control internals hold no project Dockerfile. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git']);

/**
 * A file over this many bytes surely decodes to more characters than the engine lints (in UTF-8 no
 * UTF-16 code unit takes more than 3 bytes; the 3 are a byte-order mark), so it is not read at all:
 * a multi-gigabyte file would not even fit in a string.
 */
export const MAX_BYTES_READ = 3 * DEFAULT_MAX_FILE_SIZE + 3;

/** Why the disk layer refused a path: the message names no absolute path. */
export class DiskRefusal extends Error {
  constructor(
    message: string,
    /** For a file over the bound: at least how many bytes it has. */
    readonly bytes?: number,
  ) {
    super(message);
  }
}

/** Flags that may be missing on some platforms (Windows has neither). */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
const READ_CHUNK = 64 * 1024;

/**
 * The real path of a path that may not exist yet: its nearest existing folder's real path, and the
 * rest as written. Absent parts are found with lstat, which throws nothing for them: a lint asks
 * about many files that are not there (`.env`, `compose.override.yaml`, `.dockerignore`).
 */
export function realPathOf(path: string): string {
  const missing: string[] = [];
  let existing = path;
  while (lstatSync(existing, { throwIfNoEntry: false }) === undefined) {
    const parent = dirname(existing);
    if (parent === existing) break;
    missing.unshift(basename(existing));
    existing = parent;
  }
  return join(realpathSync.native(existing), ...missing);
}

/** The real paths of the roots last asked for: a server asks with the same workspace folders at every read. */
const realRootsCache = new Map<string, string[]>();

/** The real paths of the root folders (paths or `file:` URIs); a root that cannot be resolved is left out. */
export function realRoots(roots: readonly string[]): string[] {
  const key = roots.join('\0');
  const cached = realRootsCache.get(key);
  if (cached) return cached;
  const real = roots.flatMap((root) => {
    try {
      return [realPathOf(root.startsWith('file:') ? fileURLToPath(root) : root)];
    } catch {
      return [];
    }
  });
  if (realRootsCache.size >= 16) realRootsCache.clear();
  realRootsCache.set(key, real);
  return real;
}

/** Whether a real path is one of the real roots or lies under one. */
export function isUnderRoots(realPath: string, roots: readonly string[]): boolean {
  return roots.some((root) => realPath === root || realPath.startsWith(root.endsWith(sep) ? root : `${root}${sep}`));
}

/**
 * Reads a regular file, through its real path, which must lie in `roots` (real paths; undefined: no
 * bound on where). At most `maxBytes` bytes are read from the descriptor, whatever its size says
 * (files under /proc say 0). Throws a DiskRefusal, or the file system's error.
 */
export function readRegularFile(path: string, maxBytes: number, roots: readonly string[] | undefined): string {
  const fd = openRegularFile(path, roots);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, maxBytes + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) throw new DiskRefusal('too large to read', Math.max(total, fstatSync(fd).size));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Opens a regular file for reading through its real path, which must lie in `roots` (real paths; undefined: anywhere). */
function openRegularFile(path: string, roots: readonly string[] | undefined): number {
  const real = realpathSync.native(path);
  if (roots && !isUnderRoots(real, roots)) throw new DiskRefusal('outside the scanned folders (a link or a path that leads out of them)');
  // Non-blocking: opening a named pipe must not wait for a writer; the link was resolved already.
  const fd = openSync(real, constants.O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
  if (fstatSync(fd).isFile()) return fd;
  closeSync(fd);
  throw new DiskRefusal('not a regular file');
}

/** The bytes a file's first line is looked for in (a shebang is short). */
const FIRST_LINE_BYTES = 256;

/**
 * The first bytes of a regular file (within `roots`, real paths) as text, or undefined when it
 * cannot be read: what tells the kind of a file its name does not (a shebang, a workflow's keys).
 */
function readStart(path: string, bytes: number, roots?: readonly string[]): string | undefined {
  try {
    const fd = openRegularFile(path, roots);
    try {
      const buffer = Buffer.alloc(bytes);
      const read = readSync(fd, buffer, 0, bytes, 0);
      return buffer.subarray(0, read).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/**
 * The kind of a file found on the disk (a folder walk, a path given by name): from its name and its
 * two folders' names (names, not the path: a URI's `#` or `?` would end it), else, for a regular
 * file, from its start: the first line of a name without an extension (a shell script's shebang),
 * the first 16 KB of a YAML or JSON file (a workflow, a GitLab CI file, a dev container).
 */
export function kindOfFileOnDisk(path: string, regularFile: boolean, roots?: readonly string[]): FileKind | undefined {
  const folder = dirname(path);
  const name = basename(path);
  const kind = kindOfName(name, basename(folder), basename(dirname(folder)));
  if (kind || !regularFile) return kind;
  if (mayHaveShebang(name)) {
    const firstLine = readStart(path, FIRST_LINE_BYTES, roots)?.split(/\r?\n/)[0];
    return firstLine === undefined ? undefined : kindOfShebang(firstLine);
  }
  if (!mayTellByContent(name)) return undefined;
  const start = readStart(path, CONTENT_SNIFF_CHARACTERS, roots);
  return start === undefined ? undefined : kindOfContent(name, start.replace(/^\uFEFF/, ''));
}

/**
 * Reads a `file:` location from the disk for the engine's workspace view (shared by the server and
 * the CLI). Anything outside `roots` (real paths), not a regular file, over `maxBytes` or that cannot
 * be read is absent.
 */
export function readFileFromDisk(location: string, maxBytes: number, roots?: readonly string[]): string | undefined {
  try {
    // Without the byte-order mark, as editors show the text: fix edits count columns in that text.
    return readRegularFile(fileURLToPath(location), maxBytes, roots).replace(/^\uFEFF/, '');
  } catch {
    // Most reads look for a file that may be absent (`.dockerignore`, `.env`): no exception for those.
    return undefined;
  }
}

export interface WriteOptions {
  /** Create the file, which must not exist (not even as a dangling link); else replace the text of an existing regular file. */
  create: boolean;
  /** The permissions of a created file (0600 for a secret); the umask still applies. */
  mode?: number;
}

/**
 * Writes a file whose real folder lies in `roots` (real paths), creating the missing folders one by
 * one. Never through a link: the file is opened with O_NOFOLLOW (and O_EXCL to create), a folder
 * made here is checked to be one. Throws a DiskRefusal, or the file system's error.
 */
export function writeFileWithinRoots(path: string, text: string, roots: readonly string[], options: WriteOptions): void {
  const folder = dirname(path);
  makeFolderWithinRoots(folder, roots);
  const real = join(realpathSync.native(folder), basename(path));
  if (!isUnderRoots(real, roots)) throw new DiskRefusal('outside the scanned folders (a link or a path that leads out of them)');
  const existing = lstatSync(real, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink()) throw new DiskRefusal('is a symbolic link, which Bulwark does not write through');
  const flags = options.create ? constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW : constants.O_WRONLY | O_NOFOLLOW | O_NONBLOCK;
  const fd = openSync(real, flags, options.mode ?? 0o666);
  try {
    if (!fstatSync(fd).isFile()) throw new DiskRefusal('not a regular file');
    if (!options.create) ftruncateSync(fd, 0);
    const bytes = Buffer.from(text, 'utf8');
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written, written);
  } finally {
    closeSync(fd);
  }
}

/** Makes a folder and its missing parents, each checked to lie in `roots` and to be a real folder, not a link. */
function makeFolderWithinRoots(folder: string, roots: readonly string[]): void {
  const stats = lstatSync(folder, { throwIfNoEntry: false });
  if (stats) {
    const real = realpathSync.native(folder);
    if (!isUnderRoots(real, roots)) throw new DiskRefusal('outside the scanned folders (a link or a path that leads out of them)');
    if (!lstatSync(real).isDirectory()) throw new DiskRefusal(`${basename(folder)} is not a folder`);
    return;
  }
  const parent = dirname(folder);
  if (parent === folder) throw new DiskRefusal('no such folder');
  makeFolderWithinRoots(parent, roots);
  mkdirSync(join(realpathSync.native(parent), basename(folder)));
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

/**
 * Whether a location lies in one of the folders (URIs ending with `/`), compared after decoding;
 * for `file:` locations by their real paths too, so that a link inside a folder to a file outside
 * it is outside.
 */
export function isWithin(location: string, folders: readonly string[]): boolean {
  const decoded = decodeLocation(location.endsWith('/') ? location : `${location}/`);
  if (!folders.some((folder) => decoded.startsWith(decodeLocation(folder)))) return false;
  if (!location.startsWith('file:')) return true;
  try {
    return isUnderRoots(realPathOf(fileURLToPath(location)), realRoots(folders.filter((folder) => folder.startsWith('file:'))));
  } catch {
    return false;
  }
}

/** Normalized (`..` resolved) and decoded: editors encode URIs differently (`c%3A` and `c:`) for the same file. */
function decodeLocation(location: string): string {
  try {
    return decodeURIComponent(new URL(location).href);
  } catch {
    return location;
  }
}

/** The disk as the engine's workspace view: files read within `maxBytes` and folders listed, only within `roots` (folder URIs). */
export function diskWorkspace(roots: readonly string[], maxBytes: number): WorkspaceView {
  const real = realRoots(roots);
  return {
    readFile: (location) => readFileFromDisk(location, maxBytes, real),
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
    case 'EEXIST':
      return 'exists already (perhaps as a dangling link); Bulwark never overwrites one';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a folder';
    default:
      return error instanceof DiskRefusal ? error.message : error instanceof Error ? error.message : String(error);
  }
}
