import ignore from '@balena/dockerignore';
import { globComplexityProblem } from '../glob-bounds';
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
  /**
   * Why the file was not used (too large, or a pattern past the glob bounds), at the 0-based line
   * to blame: then it excludes nothing, so every file of the context counts as sent.
   */
  problem?: { line: number; message: string };
}

/** Characters of an ignore file Bulwark reads at most: real ones are a few hundred lines; matching each path against megabytes of patterns stalls a lint. */
export const MAX_DOCKERIGNORE_LENGTH = 64 * 1024;

export function parseDockerignore(location: string, text: string): Dockerignore {
  const problem = dockerignoreProblem(text);
  if (problem) return { location, text, excludes: () => false, hasExceptions: false, problem };
  // The builder compares names case-sensitively (the library's default is not to).
  const matcher = ignore({ ignorecase: false }).add(text);
  return {
    location,
    text,
    excludes: (path) => path !== '' && matcher.ignores(path),
    hasExceptions: text.split(/\r?\n/).some((line) => line.trim().startsWith('!')),
  };
}

function dockerignoreProblem(text: string): Dockerignore['problem'] {
  if (text.length > MAX_DOCKERIGNORE_LENGTH) return { line: 0, message: `it is larger than the ${MAX_DOCKERIGNORE_LENGTH / 1024} KB Bulwark reads` };
  const lines = text.split(/\r?\n/);
  for (const [line, pattern] of lines.entries()) {
    const trimmed = pattern.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const problem = globComplexityProblem(trimmed.replace(/^!/, ''));
    if (problem) return { line, message: `the pattern on line ${line + 1} is refused: ${problem}` };
  }
  return undefined;
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

/** Docker's matcher, also for a COPY source with wildcards: a folder that matches brings its contents. A pattern past the glob bounds matches nothing. */
export function globMatcher(pattern: string): (path: string) => boolean {
  if (globComplexityProblem(pattern)) return () => false;
  // Rooted, so that a source starting with `!` or `#` stays a name.
  const matcher = ignore({ ignorecase: false }).add(`/${pattern}`);
  return (path) => matcher.ignores(path);
}
