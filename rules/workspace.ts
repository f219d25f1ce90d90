/**
 * The engine's read-only view of the files around a document, for rules that read more than one file
 * (a Compose service and the Dockerfile it builds). The caller backs it: the CLI with the disk, the
 * language server with the open documents (unsaved text wins) and the disk, tests with a map.
 * Locations are in the documents' own form: file URIs when the documents' `uri`s are URIs.
 */
export interface WorkspaceView {
  /** The text of the file at `location`, or undefined when there is none or it cannot be read. */
  readFile(location: string): string | undefined;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The folder a document is in, ending with `/`. */
export function folderOf(location: string): string {
  const cut = location.replace(/[?#].*$/, '').lastIndexOf('/');
  return cut < 0 ? './' : location.slice(0, cut + 1);
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
