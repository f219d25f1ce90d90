import { asFolder, encodeName, resolveLocation, type WorkspaceView } from '../workspace';

/**
 * Whether the `.gitignore` of `folder`, or of a folder between it and the file, keeps the file at
 * `location` out of Git: a file there is not committed (the secret moves keep values in such a
 * folder, `secrets/`). The ignore files are the repository's, so they are read plainly and in
 * linear time: a line names the file or a folder on its way (`name`, `/name`, `name/`, `name/*`,
 * `name/**`, `dir/name`), or ends its name (`*.env`). Other globs are not read, and an ignore file
 * with a negation (`!name`) is not trusted to ignore anything: the file then counts as committed,
 * which errs on the side of reporting it.
 */
export function isGitIgnored(location: string, folder: string, workspace: WorkspaceView): boolean {
  const top = asFolder(folder);
  if (!location.startsWith(top)) return false;
  const isUri = encodeName(top, '%') !== '%';
  const segments = location.slice(top.length).split('/').map((segment) => (isUri ? decodeSegment(segment) : segment));
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return false;
  let current = top;
  for (let depth = 0; depth < segments.length; depth++) {
    const text = workspace.readFile(resolveLocation(current, '.gitignore'));
    if (text !== undefined && ignoresPath(text, segments.slice(depth))) return true;
    current = `${current}${encodeName(current, segments[depth])}/`;
  }
  return false;
}

/** Whether one `.gitignore`'s lines ignore `path` (its segments from the ignore file's folder, the file last). */
function ignoresPath(text: string, path: readonly string[]): boolean {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  if (lines.some((line) => line.startsWith('!'))) return false;
  return lines.some((line) => line !== '' && !line.startsWith('#') && lineIgnores(line, path));
}

function lineIgnores(line: string, path: readonly string[]): boolean {
  const folderOnly = /\/(?:\*\*?)?$/.test(line);
  const anchored = line.startsWith('/');
  const pattern = line.replace(/^\//, '').replace(/\/(?:\*\*?)?$/, '');
  if (pattern === '') return false;
  const named = path.length - (folderOnly ? 1 : 0);
  if (pattern.startsWith('*') && !/[*?[\]\\/]/.test(pattern.slice(1))) {
    const suffix = pattern.slice(1);
    return path.slice(0, named).some((segment, i) => (!anchored || i === 0) && segment.endsWith(suffix));
  }
  if (/[*?[\]\\]/.test(pattern)) return false;
  const parts = pattern.split('/');
  // A pattern with a slash inside is anchored at the ignore file's folder, as Git reads it.
  if (anchored || parts.length > 1) return parts.length <= named && parts.every((part, i) => part === path[i]);
  return path.slice(0, named).includes(pattern);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
