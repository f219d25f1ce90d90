/**
 * Bounds on the globs a repository writes (`.bulwark.yaml` `ignore`, `.dockerignore`, `COPY
 * --exclude`). The matchers (picomatch, @balena/dockerignore) turn a glob into a backtracking
 * regular expression: each `*` run in one path segment, and each `**` segment, multiplies the work
 * on a long name or a deep path (`a*a*a*a*b` took seconds on a 255-character name, a fourth `**`
 * seconds on a deep path). Past these bounds a glob is refused, never matched.
 */

/** Characters of one glob at most. */
export const MAX_GLOB_LENGTH = 1024;
/** `*` runs in one path segment at most (`*.test.*` has two). */
export const MAX_STARS_PER_SEGMENT = 2;
/** `**` segments in one glob at most. */
export const MAX_GLOBSTARS = 2;

/** Why a glob is refused, or undefined when it is within the bounds. */
export function globComplexityProblem(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `it is longer than ${MAX_GLOB_LENGTH} characters`;
  // picomatch's extglobs (`+(a|aa)`) nest quantifiers: no real ignore glob needs them.
  if (/[@!*+?]\(/.test(glob)) return 'extended glob patterns such as +(…) are not accepted';
  let globstars = 0;
  for (const segment of glob.split('/')) {
    if (segment === '**') {
      globstars++;
      continue;
    }
    const stars = segment.match(/\*+/g)?.length ?? 0;
    if (stars > MAX_STARS_PER_SEGMENT) return `it has ${stars} wildcards * in one path segment, more than the ${MAX_STARS_PER_SEGMENT} Bulwark matches`;
  }
  if (globstars > MAX_GLOBSTARS) return `it has ${globstars} ** segments, more than the ${MAX_GLOBSTARS} Bulwark matches`;
  return undefined;
}
