import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, DiagnosticSeverity, TextDocumentEdit, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { detectKind } from '../../rules';
import { applyEdits } from '../../rules/fixes/edits';
import { LineIndex } from '../../rules/text';
import { LspTestClient } from './lsp-client';

/**
 * The fixes on files the rules were not written against: the real-world corpus beside the
 * repository (`../shared/corpus/real-world`). Every fix the server offers there, applied through
 * the LSP as an editor would, must remove its finding and leave a file that parses, without a new
 * error. The corpus is only read: the fixes' changes to it live in memory.
 */

const CORPUS = resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'real-world');
/** Enough Dockerfiles to meet most rules, few enough for a test run of seconds. */
const DOCKERFILE_SAMPLE = 60;
const CAN_CREATE = { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const] } } };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : detectKind(entry.name) ? [join(dir, entry.name)] : []));
}

/** Every Compose file, and Dockerfiles taken at a regular step: the same sample on every run. */
function sample(files: string[]): string[] {
  const compose = files.filter((path) => detectKind(path) === 'compose');
  const dockerfiles = files.filter((path) => detectKind(path) === 'dockerfile');
  const step = Math.max(1, Math.ceil(dockerfiles.length / DOCKERFILE_SAMPLE));
  return [...compose, ...dockerfiles.filter((_, i) => i % step === 0)];
}

function readOnDisk(uri: string): string | undefined {
  const path = new URL(uri).pathname;
  return existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
}

/** Applies a WorkspaceEdit to in-memory copies of the files it names, as an editor would; the document's text is `files[uri]`. */
function applyInMemory(files: Record<string, string>, edit: WorkspaceEdit): Record<string, string> {
  const result = { ...files };
  const editText = (uri: string, edits: TextEdit[]) => {
    const text = result[uri] ?? readOnDisk(uri);
    assert.ok(text !== undefined, `edit of a missing file ${uri}`);
    result[uri] = applyEdits(text, new LineIndex(text), edits);
  };
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) editText(uri, edits);
  for (const change of edit.documentChanges ?? []) {
    if (TextDocumentEdit.is(change)) editText(change.textDocument.uri, change.edits as TextEdit[]);
    else if (change.kind === 'create') {
      assert.ok(!(change.uri in result) && readOnDisk(change.uri) === undefined, `creates the existing ${change.uri}`);
      result[change.uri] = '';
    } else assert.fail(`unexpected resource operation ${change.kind}`);
  }
  return result;
}

const count = (diagnostics: Diagnostic[], keep: (d: Diagnostic) => boolean) => diagnostics.filter(keep).length;

describe('language server: the fixes on held-out real-world files', function () {
  this.timeout(300_000);
  let client: LspTestClient;
  before(async function () {
    if (!existsSync(CORPUS)) {
      console.log('      skipped: the real-world corpus (../shared/corpus/real-world) is not beside the repository');
      this.skip();
    }
    ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 }, capabilities: CAN_CREATE }));
  });
  after(() => client?.dispose());

  it('applying each offered fix through the LSP removes its finding and leaves the file parseable, without a new error', async () => {
    const files = sample(filesUnder(CORPUS));
    const applied = new Map<string, number>();
    for (const path of files) {
      const uri = pathToFileURL(path).href;
      const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
      let version = 1;
      await client.open(uri, detectKind(path) === 'compose' ? 'dockercompose' : 'dockerfile', text, version);
      const before = (await client.waitForDiagnostics(uri, { version })).diagnostics.filter((d) => d.source === 'bulwark');
      for (const diagnostic of before) {
        const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as CodeAction[];
        for (const action of actions.filter((a) => a.edit && !a.title.startsWith('Ignore '))) {
          const where = `${diagnostic.code} "${action.title}" in ${path.slice(CORPUS.length + 1)}`;
          const result = applyInMemory({ [uri]: text }, action.edit!)[uri];
          await client.change(uri, ++version, [{ text: result }]);
          const after = (await client.waitForDiagnostics(uri, { version })).diagnostics.filter((d) => d.source === 'bulwark');
          const severe = (d: Diagnostic) => d.code === diagnostic.code && (d.severity ?? DiagnosticSeverity.Error) <= (diagnostic.severity ?? DiagnosticSeverity.Error);
          assert.ok(count(after, severe) < count(before, severe), `${where}: the finding is still there:\n${result}`);
          assert.ok(count(after, (d) => d.code === 'parse-error') <= count(before, (d) => d.code === 'parse-error'), `${where}: the result does not parse:\n${result}`);
          const errors = (diagnostics: Diagnostic[], code: unknown) => count(diagnostics, (d) => d.code === code && d.severity === DiagnosticSeverity.Error);
          for (const code of new Set(after.map((d) => d.code))) {
            if (code !== diagnostic.code) assert.ok(errors(after, code) <= errors(before, code), `${where}: a new ${code} error:\n${result}`);
          }
          applied.set(String(diagnostic.code), (applied.get(String(diagnostic.code)) ?? 0) + 1);
        }
      }
      await client.close(uri);
    }
    const total = [...applied.values()].reduce((sum, n) => sum + n, 0);
    const byRule = [...applied].sort(([a], [b]) => a.localeCompare(b)).map(([rule, n]) => `${rule} ${n}`).join(', ');
    console.log(`      ${files.length} held-out files, ${total} fixes applied through the LSP: ${byRule}`);
    assert.ok(total > 0);
  });
});
