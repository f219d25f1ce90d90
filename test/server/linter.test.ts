import * as assert from 'node:assert/strict';
import { DiagnosticSeverity as Severity, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentLinter } from '../../server/linter';
import { DEFAULT_SETTINGS } from '../../server/settings';
import { DOCKERFILE, range, SECRET } from './fixtures';

/** A linter whose engine always throws, with the document's secret in the error's message as a parser would. */
function failingLinter(debounceMs: number) {
  const published: PublishDiagnosticsParams[] = [];
  const errors: string[] = [];
  const linter = new DocumentLinter({ publishDiagnostics: (params) => published.push(params), logError: (message) => errors.push(message), lintOptions: () => ({}) }, { ...DEFAULT_SETTINGS, debounceMs }, (document) => {
    throw new TypeError(`cannot read ${document.text.slice(0, 60)}`);
  });
  return { linter, published, errors };
}

describe('DocumentLinter failures', () => {
  const dockerfile = TextDocument.create('file:///project/Dockerfile', 'dockerfile', 3, DOCKERFILE);

  it('publishes one diagnostic on line 0 saying Bulwark failed, and logs the error without the document', () => {
    const { linter, published, errors } = failingLinter(0);
    linter.opened(dockerfile);

    assert.equal(published.length, 1);
    assert.equal(published[0].version, 3);
    const [diagnostic] = published[0].diagnostics;
    assert.equal(published[0].diagnostics.length, 1);
    assert.deepEqual(diagnostic.range, range(0, 0, 0, 0));
    assert.equal(diagnostic.code, 'internal-error');
    assert.equal(diagnostic.severity, Severity.Warning);
    assert.equal(diagnostic.source, 'bulwark');
    assert.match(String(diagnostic.message), /^Bulwark failed/);

    assert.equal(errors.length, 1);
    assert.match(errors[0], /file:\/\/\/project\/Dockerfile/);
    assert.match(errors[0], /TypeError\n\s+at /, 'the error class and where it was thrown');
    assert.equal(errors[0].includes(SECRET), false, 'not the message that quotes the document');
  });

  it('does not run the engine for documents of no known kind', () => {
    const { linter, published, errors } = failingLinter(0);
    linter.opened(TextDocument.create('file:///project/notes.txt', 'plaintext', 1, DOCKERFILE));
    assert.deepEqual([published, errors], [[], []]);
  });

  it('logs a failure in a debounced lint instead of throwing it out of the timer', async () => {
    // An exception escaping the timer would fail this test as an uncaught exception.
    const logged = new Promise<string>((logError) => {
      const linter = new DocumentLinter(
        {
          publishDiagnostics: () => {
            throw new Error('the connection is gone');
          },
          logError,
          lintOptions: () => ({}),
        },
        { ...DEFAULT_SETTINGS, debounceMs: 1 },
      );
      linter.changed(dockerfile);
    });
    assert.match(await logged, /^Bulwark failed while linting file:\/\/\/project\/Dockerfile: Error\n\s+at /);
  });
});

describe('DocumentLinter: documents that read other documents', () => {
  /** `compose.yaml` reads the Dockerfile; the engine counts its calls per document. */
  function linterOf(debounceMs: number) {
    const calls: string[] = [];
    const dockerfile = TextDocument.create('file:///p/Dockerfile', 'dockerfile', 1, 'FROM alpine:3.20\n');
    const compose = TextDocument.create('file:///p/compose.yaml', 'dockercompose', 1, 'services:\n  app:\n    build: .\n');
    const open = [dockerfile, compose];
    const linter = new DocumentLinter(
      { publishDiagnostics: () => undefined, logError: (message) => assert.fail(message), lintOptions: () => ({}), openDocuments: () => open },
      { ...DEFAULT_SETTINGS, debounceMs },
      (document) => {
        calls.push(document.uri.slice('file:///p/'.length));
        return { kind: undefined, findings: [], suppressed: [], dependencies: document.uri === compose.uri ? [dockerfile.uri] : [] };
      },
    );
    linter.opened(dockerfile);
    linter.opened(compose);
    calls.length = 0;
    const type = (version: number) => linter.changed(TextDocument.update(dockerfile, [{ text: `FROM alpine:3.${version}\n` }], version));
    return { linter, calls, type };
  }

  it('without a debounce, re-lints the reader at once after each change of what it read', () => {
    const { calls, type } = linterOf(0);
    type(2);
    type(3);
    assert.deepEqual(calls, ['Dockerfile', 'compose.yaml', 'Dockerfile', 'compose.yaml']);
  });

  it('with a debounce, lints the reader once, after the pause, with the document typed in', async () => {
    const { linter, calls, type } = linterOf(20);
    type(2);
    type(3);
    type(4);
    assert.deepEqual(calls, []);
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.deepEqual(calls.sort(), ['Dockerfile', 'compose.yaml']);
    linter.dispose();
  });
});
