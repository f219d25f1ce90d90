import { createHash } from 'node:crypto';
import { redactSecretsInLine, type Finding } from '../rules';

/**
 * The fingerprint version: SARIF's partialFingerprints key and the baseline's, changed whenever
 * what is hashed changes (old fingerprints then match nothing rather than the wrong finding).
 */
export const FINGERPRINT_KEY = 'bulwarkFinding/v1';

/**
 * A fingerprint per finding of one file, that does not move when unrelated lines are added or
 * removed above it: a hash of the rule, the file's path (relative to the scan root), the text the
 * finding covers and the text of its first line (whitespace runs collapsed, secrets redacted, so
 * the hash never holds one), and, for findings that hash alike, which of them it is in file order.
 */
export function fingerprintFindings(path: string, text: string, findings: readonly Finding[]): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const { start, end } = finding.range;
    const own = linesBetween(lines, start, end);
    const context = lines[start.line] ?? '';
    const base = hash([finding.ruleId, path, normalise(own), normalise(context)]);
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    return hash([base, String(occurrence)]);
  });
}

function linesBetween(lines: readonly string[], start: Finding['range']['start'], end: Finding['range']['end']): string {
  if (start.line === end.line) return (lines[start.line] ?? '').slice(start.character, end.character);
  const middle = lines.slice(start.line + 1, end.line);
  return [(lines[start.line] ?? '').slice(start.character), ...middle, (lines[end.line] ?? '').slice(0, end.character)].join('\n');
}

function normalise(text: string): string {
  return text
    .split('\n')
    .map((line) => redactSecretsInLine(line).trim().replace(/\s+/g, ' '))
    .join('\n');
}

function hash(parts: readonly string[]): string {
  // NUL cannot occur in a path or a rule id: the parts cannot run into each other.
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}
