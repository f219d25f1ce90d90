import { cutAtFirstOf, trimEndOf } from './text';

/**
 * The engine's read-only view of the files around a document, for rules that read more than one file
 * (a Compose service and the Dockerfile it builds, a Dockerfile and its build context). The caller
 * backs it: the CLI with the disk, the language server with the open documents (unsaved text wins)
 * and the disk within the workspace folders, tests with an in-memory tree.
 * Locations are in the documents' own form: file URIs when the documents' `uri`s are URIs.
 */
export interface WorkspaceView {
  /** The text of the file at `location`, or undefined when there is none or it cannot be read. */
  readFile(location: string): string | undefined;
  /**
   * The entries of the folder at `location` (with or without a trailing `/`), or undefined when it is
   * no folder, cannot be read, or lies outside the workspace: the engine never looks past that.
   * Read-only: a view may hand out the listing it keeps.
   */
  listDirectory(location: string): readonly DirectoryEntry[] | undefined;
}

export interface DirectoryEntry {
  name: string;
  /** True for a folder; a symbolic link is not one (a build copies the link, it does not follow it). */
  isDirectory: boolean;
}

/** A view that reads and lists each location once: one lint asks for the same files from several rules. */
export function memoizedWorkspace(view: WorkspaceView): WorkspaceView {
  const files = new Map<string, string | undefined>();
  const folders = new Map<string, readonly DirectoryEntry[] | undefined>();
  return {
    readFile(location) {
      if (!files.has(location)) files.set(location, view.readFile(location));
      return files.get(location);
    },
    listDirectory(location) {
      const folder = asFolder(location);
      if (!folders.has(folder)) folders.set(folder, view.listDirectory(folder));
      return folders.get(folder);
    },
  };
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A folder location in the form that ends with `/`. */
export function asFolder(location: string): string {
  return location.endsWith('/') ? location : `${location}/`;
}

/** The folder a document is in, ending with `/`. */
export function folderOf(location: string): string {
  const cut = cutAtFirstOf(location, '?#').lastIndexOf('/');
  return cut < 0 ? './' : location.slice(0, cut + 1);
}

/** The folder that holds a folder location, or undefined at the top. */
export function parentFolder(folder: string): string | undefined {
  const trimmed = trimEndOf(folder, '/');
  if (trimmed === '' || trimmed === '.' || /^[a-z][a-z0-9+.-]*:$/i.test(trimmed)) return undefined;
  return folderOf(trimmed);
}

/** A folder entry's name as it appears in a location of the folder's form: encoded in a URI, as is in a path. */
export function encodeName(folder: string, name: string): string {
  return SCHEME.test(folder) ? encodeURIComponent(name) : name;
}

/** Resolves a relative path (as Compose writes `build.context`) against a folder location. */
export function resolveLocation(folder: string, relative: string): string {
  if (SCHEME.test(folder)) return new URL(relative.split('/').map(encodeURIComponent).join('/'), folder).href;
  const parts = relative.startsWith('/') ? [] : folder.split('/').filter((part, i) => part !== '' || i === 0);
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..' && parts[parts.length - 1] !== '') parts.pop();
    else parts.push(part);
  }
  const joined = parts.join('/');
  return relative.startsWith('/') ? `/${joined}` : joined;
}
