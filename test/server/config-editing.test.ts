import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, CompletionRequest, type CodeAction, type CompletionItem, type CompletionList, type TextEdit } from 'vscode-languageserver/node';
import { rules } from '../../rules';
import { diskWorkspace } from './fixtures';
import { LspTestClient } from './lsp-client';

/** Editing `.bulwark.yaml` with the server alone (no YAML extension): completion and the did-you-mean quick fix. */
describe('language server: editing .bulwark.yaml', () => {
  let client: LspTestClient;
  const ws = diskWorkspace({});
  const configUri = ws.uri('.bulwark.yaml');
  let version = 1;

  before(async () => {
    ({ client } = await LspTestClient.start({ workspaceFolders: [pathToFileURL(ws.root).href] }));
    await client.open(configUri, 'yaml', '');
  });
  after(() => {
    client.dispose();
    rmSync(ws.root, { recursive: true, force: true });
  });

  /** The completions at the `|` of `text`, with what each inserts. */
  const complete = async (text: string) => {
    const offset = text.indexOf('|');
    const before = text.slice(0, offset).split('\n');
    await client.change(configUri, ++version, [{ text: text.replace('|', '') }]);
    const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: configUri }, position: { line: before.length - 1, character: before.at(-1)!.length } });
    const items = (Array.isArray(result) ? result : ((result as CompletionList | null)?.items ?? [])) as CompletionItem[];
    return items.map((item) => ({ label: item.label, newText: (item.textEdit as TextEdit | undefined)?.newText, range: (item.textEdit as TextEdit | undefined)?.range }));
  };
  const labels = async (text: string) => (await complete(text)).map((item) => item.label);

  it('completes the top-level keys', async () => {
    const items = await complete('ru|');
    assert.deepEqual(
      items.map((item) => item.label),
      ['profile', 'rules', 'ignore', 'trustedRegistries', 'online', 'trust', 'suppressions', 'extends'],
    );
    assert.deepEqual(items[1], { label: 'rules', newText: 'rules: ', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } } });
  });

  it('completes every rule id under rules, and replaces the id begun', async () => {
    const items = await complete('rules:\n  image-latest-tag: off\n  roo|');
    assert.deepEqual(
      items.map((item) => item.label),
      rules.map((rule) => rule.id),
    );
    const rootUser = items.find((item) => item.label === 'root-user')!;
    assert.deepEqual(rootUser, { label: 'root-user', newText: 'root-user: ', range: { start: { line: 2, character: 2 }, end: { line: 2, character: 5 } } });
  });

  it('completes the severities after a rule id', async () => {
    assert.deepEqual(await labels('rules:\n  root-user: |'), ['off', 'info', 'warning', 'error']);
    assert.deepEqual(await labels('rules:\n  root-user: wa|\nignore: []\n'), ['off', 'info', 'warning', 'error']);
  });

  it('completes the profile names', async () => {
    assert.deepEqual(await labels('profile: |'), ['recommended', 'strict', 'cis']);
  });

  it('completes the keys of online and of a trust key, and online.registry', async () => {
    assert.deepEqual(await labels('online:\n  |'), ['registry', 'insecureRegistries', 'registryMap']);
    assert.deepEqual(await labels('online:\n  registry: |'), ['true', 'false']);
    assert.deepEqual(await labels('trust:\n  |'), ['keys']);
    assert.deepEqual(await labels('trust:\n  keys:\n    - scope: ghcr.io/acme/**\n      |'), ['scope', 'key', 'name']);
    assert.deepEqual(await labels('trust:\n  keys:\n    - |'), ['scope', 'key', 'name']);
  });

  it('offers nothing where any text goes', async () => {
    assert.deepEqual(await labels('ignore:\n  - vendor/|'), []);
    assert.deepEqual(await labels('trustedRegistries: [ghcr.io/|'), []);
  });

  it('offers the did-you-mean of a misspelt rule id or key as a quick fix', async () => {
    const text = 'rules:\n  rot-user: off\nignroe: [vendor/]\n';
    const since = client.published.length;
    await client.change(configUri, ++version, [{ text }]);
    const { diagnostics } = await client.waitForDiagnostics(configUri, { since, where: (params) => params.diagnostics.length === 2 });
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: configUri },
      range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } },
      context: { diagnostics },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((action) => [action.title, action.kind, action.edit?.changes?.[configUri]]),
      [
        ['Change to "root-user"', 'quickfix', [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 10 } }, newText: 'root-user' }]],
        ['Change to "ignore"', 'quickfix', [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } }, newText: 'ignore' }]],
      ],
    );
  });
});
