import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver/node';
import { ruleDocsUrl } from '../../rules';

/** A value that must never appear in full in anything the server sends. */
export const SECRET = 'Sup3rS3cretValue!';

export const DOCKERFILE = `FROM ubuntu\nENV DB_PASSWORD=${SECRET}\n`;
export const COMPOSE = 'services:\n  web:\n    image: nginx:latest\n    user: root\n';

/**
 * The rules these tests check diagnostics of. Findings of other rules are ignored: the catalog
 * grows, and these tests are about the server, not about the rule set.
 */
const RULES_UNDER_TEST = new Set(['secret-in-env', 'root-user', 'cap-drop-missing', 'image-untagged', 'image-latest-tag', 'parse-error', 'file-too-large', 'internal-error']);

export interface ExpectedDiagnostic {
  code: string;
  severity: DiagnosticSeverity;
  range: Range;
}

/** The diagnostics of DOCKERFILE (and of the same lines with CRLF line ends). */
export const EXPECTED_DOCKERFILE: ExpectedDiagnostic[] = [
  { code: 'root-user', severity: DiagnosticSeverity.Warning, range: range(0, 0, 0, 11) },
  { code: 'image-untagged', severity: DiagnosticSeverity.Warning, range: range(0, 5, 0, 11) },
  { code: 'secret-in-env', severity: DiagnosticSeverity.Error, range: range(1, 4, 1, 33) },
];

export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

/** Every diagnostic is a well-formed Bulwark diagnostic; those of the rules under test are exactly `expected`, in order. */
export function assertDiagnostics(diagnostics: Diagnostic[], expected: ExpectedDiagnostic[]): void {
  for (const diagnostic of diagnostics) assertWellFormed(diagnostic);
  const underTest = diagnostics.filter((diagnostic) => RULES_UNDER_TEST.has(String(diagnostic.code)));
  assert.deepEqual(underTest.map(({ code, severity, range }) => ({ code, severity, range })), expected);
}

export function assertWellFormed(diagnostic: Diagnostic): void {
  assert.equal(diagnostic.source, 'bulwark');
  assert.equal(typeof diagnostic.code, 'string');
  assert.equal(diagnostic.codeDescription?.href, ruleDocsUrl(String(diagnostic.code)));
  assert.ok(typeof diagnostic.message === 'string' && diagnostic.message.length > 0, 'a message');
  const { start, end } = diagnostic.range;
  assert.ok(start.line >= 0 && start.character >= 0, 'a start position in the document');
  assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), 'a range that ends after it starts');
}

/** A workspace folder on the disk, removed after the suite. */
export function diskWorkspace(files: Record<string, string>): { root: string; uri: (relative: string) => string; write: (relative: string, text: string) => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'bulwark-editor-'));
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  };
  for (const [relative, text] of Object.entries(files)) write(relative, text);
  return { root, uri: (relative) => pathToFileURL(path.join(root, relative)).href, write };
}
