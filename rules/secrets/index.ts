import { isVariableReference } from '../model/variables';
import { findCredentialFormats } from './formats';
import { isSecretLikeName } from './names';
import { redact } from './redact';

export { isSecretLikeName } from './names';
export { redact } from './redact';

export interface DetectedSecret {
  /** `name` when only the variable's name says it is a secret; else the credential format recognised. */
  reason: 'name' | 'format';
  format?: string;
  /** Offsets of the secret inside the value. */
  start: number;
  end: number;
  /** The secret as it may be shown. */
  redacted: string;
}

/**
 * How much of a value the credential formats are looked for in. Real secrets are short (a 4096-bit
 * RSA private key in PEM is ~3.3 KB, a JWT rarely passes 8 KB), and the patterns of the preset take
 * up to a few hundred steps per character on near-matches: a longer value is scanned on its first
 * 16 KiB only, and still judged by its name.
 */
export const MAX_SCANNED_LENGTH = 16 * 1024;

/** Characters of the tokens credential formats match. */
const TOKEN_CHARACTER = /[A-Za-z0-9+/=_.-]/;

/**
 * The part of `value` the formats are looked for in: all of it, or its first MAX_SCANNED_LENGTH
 * characters cut before the token the limit falls in. A token cut short could match a format it
 * does not have (`ghp_…` cut 36 characters in reads as a GitHub token), and no real one is that long.
 */
function scannedPart(value: string): string {
  if (value.length <= MAX_SCANNED_LENGTH) return value;
  let end = MAX_SCANNED_LENGTH;
  while (end > 0 && TOKEN_CHARACTER.test(value[end - 1]) && TOKEN_CHARACTER.test(value[end])) end--;
  return value.slice(0, end);
}

/**
 * A credential pattern tried only where `starts` (global) finds a start, and once per run of `run`
 * characters: every start inside one run meets the same continuation, so when one fails the rest of
 * the run is skipped. As one regex, the run was rescanned from each start: quadratic time on a long
 * run of near-matches (`eyJ-eyJ-eyJ-…`).
 */
function startingInRuns(starts: RegExp, pattern: RegExp, run: RegExp): (text: string) => RegExpExecArray | null {
  return (text) => {
    starts.lastIndex = 0;
    for (let start = starts.exec(text); start; start = starts.exec(text)) {
      pattern.lastIndex = start.index;
      const match = pattern.exec(text);
      if (match) return match;
      run.lastIndex = start.index;
      run.exec(text);
      starts.lastIndex = Math.max(run.lastIndex, start.index + 1);
    }
    return null;
  };
}

/** `find`, not tried on a text without one of `needles`, which all its matches hold. */
function holding(needles: readonly string[], find: (text: string) => RegExpExecArray | null): (text: string) => RegExpExecArray | null {
  return (text) => {
    for (const needle of needles) if (!text.includes(needle)) return null;
    return find(text);
  };
}

function firstMatch(pattern: RegExp): (text: string) => RegExpExecArray | null {
  return (text) => pattern.exec(text);
}

/**
 * Credential formats the preset does not cover (checked after it). Each is anchored on a prefix or
 * structure specific enough to stand without a secret-like name, and looked for only in a text
 * holding that prefix (most values hold none of them).
 */
const EXTRA_FORMATS: Array<{ format: string; find: (text: string) => RegExpExecArray | null }> = [
  { format: 'private-key', find: holding(['-----BEGIN '], firstMatch(/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/)) },
  {
    format: 'jwt',
    find: holding(['eyJ'], startingInRuns(/\beyJ/g, /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/y, /[A-Za-z0-9_-]*/y)),
  },
  { format: 'stripe', find: holding(['_live_'], firstMatch(/\b(?:sk|rk)_live_[A-Za-z0-9]{16,}\b/)) },
  { format: 'google-api-key', find: holding(['AIza'], firstMatch(/\bAIza[0-9A-Za-z_-]{35}\b/)) },
  { format: 'gitlab', find: holding(['glpat-'], startingInRuns(/\bglpat-/g, /glpat-[A-Za-z0-9_-]{20,}\b/y, /[A-Za-z0-9_-]*/y)) },
  {
    format: 'url-password',
    find: holding(['://', '@'], startingInRuns(/\b[a-z]/gi, /[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s@/]+)@[^\s]/iy, /[a-z0-9+.-]*/iy)),
  },
];

/** Values that stand in for a secret rather than being one (`changeme` is a real default password and is not here). */
const PLACEHOLDER = /^(?:x+|\*+|\.+|#+|-+|<[^<>]*>|\{\{.*\}\}|\[[^[\]]*\]|%[A-Za-z_]+%|@[A-Za-z_]+@|__[A-Za-z_]+__|your[-_ ].*|.*[-_ ]here|replace[-_ ]?me|todo|tbd|n\/a)$/i;
const SWITCH_VALUE = /^(?:true|false|yes|no|on|off|0|1|none|null|nil|undefined)$/i;
const PATH_VALUE = /^(?:\/|\.{1,2}\/|~\/)\S*$/;
const SECRET_FILE_PATH = /^\/run\/secrets\//;
const VARIABLE = /\$(?:\{|[A-Za-z_])/;
const refersToVariable = (text: string) => VARIABLE.test(text);

/**
 * Decides whether `value`, assigned to `name` (when there is one), is a literal secret. Empty values,
 * references to other variables, Docker secret paths and placeholders never are. With `literal`, the
 * value is known to be the final text (a Compose value whose `$$` were unescaped): a `$` in it is a
 * character, not a reference.
 */
export function detectSecret(name: string | undefined, value: string, options: { literal?: boolean } = {}): DetectedSecret | undefined {
  const trimmed = value.trim();
  const referenced = options.literal ? () => false : refersToVariable;
  if (trimmed === '' || (!options.literal && isVariableReference(trimmed)) || SECRET_FILE_PATH.test(trimmed) || PLACEHOLDER.test(trimmed)) return undefined;

  const formatMatch = findFormat(value, referenced);
  if (formatMatch) return formatMatch;

  if (name === undefined || !isSecretLikeName(name)) return undefined;
  if (SWITCH_VALUE.test(trimmed) || PATH_VALUE.test(trimmed) || referenced(trimmed)) return undefined;
  const start = value.indexOf(trimmed);
  return { reason: 'name', start, end: start + trimmed.length, redacted: redact(trimmed) };
}

/** The first credential found in `value`: the preset's formats first, then the EXTRA_FORMATS in order, each looked for only when all before it found none that stands. */
function findFormat(value: string, referenced: (text: string) => boolean): DetectedSecret | undefined {
  const scanned = scannedPart(value);
  for (const { format, start, end } of findCredentialFormats(scanned)) {
    const secret = standingSecret(value, format, start, end, referenced);
    if (secret) return secret;
  }
  for (const { format, find } of EXTRA_FORMATS) {
    const match = find(scanned);
    if (!match) continue;
    // For a URL, the secret is the password, not the whole URL.
    const start = match[1] !== undefined ? match.index + match[0].indexOf(`:${match[1]}@`) + 1 : match.index;
    const end = match[1] !== undefined ? start + match[1].length : match.index + match[0].length;
    const secret = standingSecret(value, format, start, end, referenced);
    if (secret) return secret;
  }
  return undefined;
}

/** A format's match as the secret found, unless it is (or its URL password is) a reference or a placeholder. */
function standingSecret(value: string, format: string, start: number, end: number, referenced: (text: string) => boolean): DetectedSecret | undefined {
  const secret = value.slice(start, end);
  const shown = urlPassword(secret) ?? secret;
  if (referenced(shown) || PLACEHOLDER.test(shown)) return undefined;
  return { reason: 'format', format, start, end, redacted: redact(secret) };
}

/** The password of a `scheme://user:password@host` text, if it is one. */
function urlPassword(text: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s@/]+)@/i.exec(text)?.[1];
}

const FORMAT_LABELS: Record<string, string> = {
  aws: 'an AWS access key',
  gcp: 'a Google Cloud service account key',
  github: 'a GitHub token',
  gitlab: 'a GitLab token',
  npm: 'an npm token',
  slack: 'a Slack token',
  sendgrid: 'a SendGrid API key',
  openai: 'an OpenAI API key',
  anthropic: 'an Anthropic API key',
  stripe: 'a Stripe secret key',
  'google-api-key': 'a Google API key',
  'private-key': 'a private key',
  privatekey: 'a private key',
  jwt: 'a JSON Web Token',
  basicauth: 'a URL with a password',
  'url-password': 'a URL with a password',
  'database-connection-string': 'a database connection string with a password',
};

/** How a message names a credential format. */
export function formatLabel(format: string | undefined): string {
  return (format && FORMAT_LABELS[format]) ?? `a ${format ?? 'secret'} credential`;
}

/**
 * `NAME=value` or `NAME: value`, as Dockerfiles and Compose files write a variable. A name starts at the
 * first letter of its run of name characters (the lookbehind, checked once that letter matched): a
 * later start in the same run would fail the same way, and trying each took cubic time on `A-A-A-…`.
 */
const ASSIGNMENT = /([A-Za-z_](?<=(?:^|[^A-Za-z0-9_.-])[0-9.-]*[A-Za-z_])[A-Za-z0-9_.-]*)(=|:[ \t]+)(["']?)([^"'\s#]+)\3/g;

/**
 * A line of source with every secret it assigns, or any credential it holds, redacted: for showing
 * source text (a diff of fixes) without showing a secret. Formats are only looked for in the first
 * MAX_SCANNED_LENGTH characters, so the rest of a longer line is left out.
 */
export function redactSecretsInLine(line: string): string {
  const scanned = scannedPart(line);
  const shown = scanned.length < line.length ? `${scanned}…` : line;
  const masked = shown.replace(ASSIGNMENT, (whole, name: string, separator: string, quote: string, value: string) => {
    const secret = detectSecret(name, value);
    return secret ? `${name}${separator}${quote}${value.slice(0, secret.start)}${secret.redacted}${value.slice(secret.end)}${quote}` : whole;
  });
  let result = masked;
  // A redacted credential matches no format, so each round masks one more; a line holds few.
  for (let round = 0, format = findFormat(result, refersToVariable); format && round < 16; round++, format = findFormat(result, refersToVariable)) {
    result = result.slice(0, format.start) + format.redacted + result.slice(format.end);
  }
  return result;
}

/**
 * Values shorter than this are not masked where they appear in a message: `1`, `on` or `web` would
 * mask ordinary words. Secrets are longer.
 */
export const MIN_MASKED_LENGTH = 4;

/** A URL's scheme just before `://`: a short run of scheme characters, read backwards from it. */
const SCHEME_CHARACTER = /[a-z0-9+.-]/i;
/** The characters that end a URL's user information. */
const USERINFO_END = /[\s/@?#]/;

/**
 * A text with the password of every URL in it masked (`https://user:****@host`), the user name and
 * host kept. A scan from each `://`, not a regular expression: a pattern that could start anywhere
 * before the `:` and the `@` took quadratic time on a long run of such characters.
 */
export function redactUrlPasswords(text: string): string {
  if (!text.includes('@')) return text;
  let result = '';
  let done = 0;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    if (at === 0 || !SCHEME_CHARACTER.test(text[at - 1])) continue;
    const start = at + 3;
    let end = start;
    while (end < text.length && !USERINFO_END.test(text[end])) end++;
    if (text[end] !== '@') continue;
    const colon = text.indexOf(':', start);
    if (colon < 0 || colon >= end - 1) continue;
    result += `${text.slice(done, colon + 1)}${redact(text.slice(colon + 1, end))}`;
    done = end;
    at = end - 3;
  }
  return result + text.slice(done);
}

/**
 * A masker of known values: each one masked wherever it appears in a text, and the passwords of
 * URLs. A multi-line value is masked line by line: an output that prefixes or indents each line (a
 * diff, a YAML block scalar, a continued `ENV`) never holds the value whole. Longer values first, so
 * that a shorter one inside a longer one cannot unmask part of it. Made once per set of values.
 */
export function knownValueMasker(values: Iterable<string>): (text: string) => string {
  const pieces = new Set<string>();
  for (const value of values) {
    for (const line of value.split(/\r?\n/)) {
      const piece = line.trim();
      if (piece.length >= MIN_MASKED_LENGTH) pieces.add(piece);
    }
  }
  const longestFirst = [...pieces].sort((a, b) => b.length - a.length);
  return (text) => {
    let masked = text;
    for (const piece of longestFirst) {
      if (masked.includes(piece)) masked = masked.split(piece).join(redact(piece));
    }
    return redactUrlPasswords(masked);
  };
}

