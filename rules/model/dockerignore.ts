import ignore from '@balena/dockerignore';
import type { WorkspaceView } from '../workspace';

/**
 * A `.dockerignore` as the builder reads it: patterns relative to the context root (a leading `/`
 * changes nothing), `#` comment lines, `*`/`?`/`[...]` within one path segment and `**` across
 * segments, `!` exceptions, the last matching line wins, and a pattern that matches a folder
 * excludes everything in it unless a later exception brings it back. The matching itself is
 * @balena/dockerignore, a port of the builder's own Go matcher.
 */
export interface Dockerignore {
  /** The file read: `<Dockerfile>.dockerignore` beside the Dockerfile, else `.dockerignore` at the context root. */
  location: string;
  text: string;
  /** Whether the builder leaves out the file or folder at `path` (relative to the context root, `/`-separated). */
  excludes(path: string): boolean;
  /** Whether an exception (`!pattern`) can bring back something inside an excluded folder. */
  hasExceptions: boolean;
}

export function parseDockerignore(location: string, text: string): Dockerignore {
  // The builder compares names case-sensitively (the library's default is not to).
  const matcher = ignore({ ignorecase: false }).add(text);
  return {
    location,
    text,
    excludes: (path) => path !== '' && matcher.ignores(path),
    hasExceptions: text.split(/\r?\n/).some((line) => line.trim().startsWith('!')),
  };
}

/**
 * The ignore file that applies to a build: `<Dockerfile name>.dockerignore` beside the Dockerfile
 * takes precedence over `.dockerignore` at the root of the context. Undefined when there is neither.
 */
export function readDockerignore(workspace: WorkspaceView, contextFolder: string, dockerfileLocation: string): Dockerignore | undefined {
  for (const location of [`${dockerfileLocation}.dockerignore`, `${contextFolder}.dockerignore`]) {
    const text = workspace.readFile(location);
    if (text !== undefined) return parseDockerignore(location, text.startsWith('\uFEFF') ? text.slice(1) : text);
  }
  return undefined;
}

/** Docker's matcher, also for a COPY source with wildcards: a folder that matches brings its contents. */
export function globMatcher(pattern: string): (path: string) => boolean {
  // Rooted, so that a source starting with `!` or `#` stays a name.
  const matcher = ignore({ ignorecase: false }).add(`/${pattern}`);
  return (path) => matcher.ignores(path);
}
