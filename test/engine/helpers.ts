import * as assert from 'node:assert/strict';
import { lint, type FileKind, type Finding, type LintOptions, type Range } from '../../rules';
import { FILE_NAMES } from '../helpers/rule-tester';

/** The rules these engine cases were written about; later rules must not change their outcome. */
const RULES_UNDER_TEST = new Set(['secret-in-env', 'root-user', 'cap-drop-missing', 'image-untagged', 'image-latest-tag', 'parse-error', 'file-too-large', 'internal-error', 'invalid-suppression']);

/** Lints a text as the given kind (keeping the findings of the rules under test), asserting on the way that the engine neither throws nor breaks its output contract. */
export function lintText(kind: FileKind, text: string, options?: LintOptions): Finding[] {
  let findings: Finding[] = [];
  assert.doesNotThrow(() => {
    findings = lint({ uri: FILE_NAMES[kind], text }, options).findings;
  });
  assertWellFormed(text, findings);
  return findings.filter((f) => RULES_UNDER_TEST.has(f.ruleId));
}

/** Every range lies within the document, and findings come sorted by position. */
export function assertWellFormed(text: string, findings: Finding[]): void {
  const lines = text.split(/\r\n|\r|\n/);
  const within = (range: Range, what: string) => {
    for (const end of [range.start, range.end]) {
      assert.ok(end.line >= 0 && end.line < lines.length, `${what}: line ${end.line} outside 0..${lines.length - 1}`);
      assert.ok(end.character >= 0 && end.character <= lines[end.line].length, `${what}: character ${end.character} outside line ${end.line} (length ${lines[end.line].length})`);
    }
    const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
    assert.ok(ordered, `${what}: range ends before it starts`);
  };
  findings.forEach((finding, i) => {
    within(finding.range, `${finding.ruleId} range`);
    for (const related of finding.related ?? []) if (!related.uri) within(related.range, `${finding.ruleId} related`);
    for (const fix of finding.fixes ?? []) for (const edit of fix.edits) within(edit.range, `${finding.ruleId} fix`);
    if (i > 0) {
      const previous = findings[i - 1].range.start;
      const current = finding.range.start;
      assert.ok(previous.line < current.line || (previous.line === current.line && previous.character <= current.character), `findings ${i - 1} and ${i} are not sorted`);
    }
  });
}

/** `ruleId line:column` (1-based) of each finding, for compact assertions. */
export function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.range.start.line + 1}:${f.range.start.character + 1}`);
}
