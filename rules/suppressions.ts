import type { Rule } from './rule';
import type { LineIndex } from './text';
import type { Finding, Range, SuppressedFinding, SuppressionPolicy, TextEdit } from './types';

/**
 * Suppression comments, on a line of their own:
 *   # bulwark-ignore <id>[,<id>...] [-- reason]    the next instruction / YAML node
 *   # bulwark-ignore-file <id>[,<id>...] [-- reason] the whole file
 *   # hadolint ignore=DL3002,DL3006                 the next instruction, for rules mapped to those codes
 * In JSON with comments (devcontainer.json) they start with `//` instead of `#`.
 */
export type CommentMarker = '#' | '//';

const PATTERNS: Record<CommentMarker, { bulwark: RegExp; hadolint: RegExp }> = {
  '#': {
    bulwark: /^\s*#\s*bulwark-ignore(-file)?(?=\s|$)(.*)$/,
    hadolint: /^\s*#\s*hadolint\s+ignore=([A-Za-z0-9,\s]*[A-Za-z0-9,]|\s)\s*$/,
  },
  '//': {
    bulwark: /^\s*\/\/\s*bulwark-ignore(-file)?(?=\s|$)(.*)$/,
    hadolint: /^\s*\/\/\s*hadolint\s+ignore=([A-Za-z0-9,\s]*[A-Za-z0-9,]|\s)\s*$/,
  },
};

interface Suppression {
  /** Where the comment names the rules, for its own findings. */
  range: Range;
  ruleIds: string[];
  /** Lines the suppression covers; undefined for the whole file. */
  lines?: { first: number; last: number };
  /** What the comment says after `--`, if anything. */
  reason?: string;
  used: boolean;
}

export interface SuppressionResult {
  findings: Finding[];
  /** The findings the comments suppressed, each with the comment's reason: reports such as SARIF keep them, marked. */
  suppressed: SuppressedFinding[];
  /** Findings about the suppressions themselves: unknown rule ids, suppressions that suppress nothing. */
  problems: Array<{ range: Range; message: string }>;
}

/**
 * Sets apart the findings the document's suppression comments cover. `statementEnd(line)` gives the
 * last line of the instruction or node that starts at `line` (a Dockerfile instruction can span
 * lines). The project's policy may require a reason on every comment, or allow none at all.
 */
export function applySuppressions(
  lines: LineIndex,
  findings: Finding[],
  knownRules: readonly Rule[],
  statementEnd: (line: number) => number,
  policy: SuppressionPolicy = {},
  comment: CommentMarker = '#',
): SuppressionResult {
  const problems: SuppressionResult['problems'] = [];
  const suppressions: Suppression[] = [];
  // Not allowed: the comments are plain comments, and what they meant to hide is reported.
  if (policy.allow === false) return { findings, suppressed: [], problems };
  // Both forms spell `ignore`: the few lines holding it are found by searching the text, not by slicing every line.
  let at = lines.text.indexOf('ignore');
  while (at !== -1) {
    const line = lines.lineAt(at);
    at = lines.text.indexOf('ignore', lines.lineEnd(line));
    const text = lines.lineText(line);
    if (!text.includes(comment)) continue;
    const parsed = parseComment(text, knownRules, PATTERNS[comment]);
    if (!parsed) continue;
    const range = { start: { line, character: text.indexOf(comment) }, end: { line, character: text.length } };
    for (const unknown of parsed.unknown) problems.push({ range, message: `Unknown rule id "${unknown}" in a suppression comment: it suppresses nothing.` });
    if (parsed.ruleIds.length === 0) continue;
    if (policy.requireReason && parsed.reason === undefined) {
      problems.push({ range, message: 'This suppression comment gives no reason (`# bulwark-ignore <id> -- <why>`), which the project requires: it suppresses nothing.' });
      continue;
    }
    let covered: Suppression['lines'];
    if (!parsed.wholeFile) {
      const next = nextStatementLine(lines, line + 1, comment);
      if (next === undefined) {
        problems.push({ range, message: 'This suppression comment is followed by nothing it could apply to.' });
        continue;
      }
      covered = { first: next, last: Math.max(next, statementEnd(next)) };
    }
    suppressions.push({ range, ruleIds: parsed.ruleIds, lines: covered, reason: parsed.reason, used: false });
  }
  if (suppressions.length === 0) return { findings, suppressed: [], problems };

  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const line = finding.range.start.line;
    const suppression = suppressions.find((s) => s.ruleIds.includes(finding.ruleId) && (!s.lines || (line >= s.lines.first && line <= s.lines.last)));
    if (!suppression) {
      kept.push(finding);
      continue;
    }
    suppression.used = true;
    suppressed.push({ ...finding, suppression: { range: suppression.range, ...(suppression.reason === undefined ? {} : { reason: suppression.reason }) } });
  }
  for (const suppression of suppressions) {
    if (!suppression.used) problems.push({ range: suppression.range, message: `This suppression of ${suppression.ruleIds.join(', ')} matches no finding: remove it.` });
  }
  return { findings: kept, suppressed, problems };
}

function parseComment(text: string, knownRules: readonly Rule[], patterns: { bulwark: RegExp; hadolint: RegExp }): { wholeFile: boolean; ruleIds: string[]; unknown: string[]; reason?: string } | undefined {
  const bulwark = patterns.bulwark.exec(text);
  if (bulwark) {
    const [list, ...explained] = bulwark[2].split(/\s--(?:\s|$)/);
    const names = list.split(/[\s,]+/).filter(Boolean);
    const known = new Set(knownRules.map((rule) => rule.id));
    const reason = explained.join(' -- ').trim();
    return { wholeFile: bulwark[1] !== undefined, ruleIds: names.filter((n) => known.has(n)), unknown: names.filter((n) => !known.has(n)), ...(reason ? { reason } : {}) };
  }
  const hadolint = patterns.hadolint.exec(text);
  if (hadolint) {
    const codes = hadolint[1].split(/[\s,]+/).filter(Boolean);
    // hadolint codes without a Bulwark equivalent are hadolint's business, not unknown ids.
    const ruleIds = knownRules.filter((rule) => codes.some((code) => peerCodes(rule.peers.hadolint).includes(code))).map((rule) => rule.id);
    return { wholeFile: false, ruleIds, unknown: [] };
  }
  return undefined;
}

function peerCodes(ids: string | undefined): string[] {
  return ids ? ids.split(/[\s,]+/).filter(Boolean) : [];
}

/** The first line at or after `from` that is neither blank nor a comment. */
function nextStatementLine(lines: LineIndex, from: number, comment: CommentMarker): number | undefined {
  for (let line = from; line < lines.lineCount; line++) {
    const text = lines.lineText(line).trim();
    if (text !== '' && !text.startsWith(comment)) return line;
  }
  return undefined;
}

/** The blanks a line starts with. */
function indentOf(lines: LineIndex, line: number): string {
  const start = lines.offsetAt({ line, character: 0 });
  const end = lines.lineEnd(line);
  let blanks = start;
  while (blanks < end && (lines.text[blanks] === ' ' || lines.text[blanks] === '\t')) blanks++;
  return lines.text.slice(start, blanks);
}

/**
 * The edits of the "ignore" quick fixes for one document: for a finding of `ruleId` in the statement
 * starting at `statementStart`, a `# bulwark-ignore <id>` comment above it (with its indentation), or
 * a `# bulwark-ignore-file <id>` comment at the top of the file, below a Dockerfile's parser directives
 * (a comment above them would turn them into plain comments). The file edit is the same for every
 * finding of a rule: it is made once per rule and shared.
 */
export function suppressionEdits(lines: LineIndex, comment: CommentMarker = '#'): (ruleId: string, statementStart: number) => { line: TextEdit; file: TextEdit } {
  const eol = lines.lineBreak;
  let top = 0;
  while (comment === '#' && top < lines.lineCount && /^\s*#\s*[A-Za-z]+\s*=/.test(lines.lineText(top))) top++;
  const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
  const fileEdits = new Map<string, TextEdit>();
  return (ruleId, statementStart) => {
    const indent = indentOf(lines, statementStart);
    let file = fileEdits.get(ruleId);
    if (!file) fileEdits.set(ruleId, (file = { range: at(top), newText: `${comment} bulwark-ignore-file ${ruleId}${eol}` }));
    return { line: { range: at(statementStart), newText: `${indent}${comment} bulwark-ignore ${ruleId}${eol}` }, file };
  };
}
