import * as assert from 'node:assert/strict';
import { CodeActionKind, CodeActionRequest, type CodeAction } from 'vscode-languageserver/node';
import { range } from './fixtures';
import { LspTestClient } from './lsp-client';

describe('language server: quick fixes', () => {
  let client: LspTestClient;
  before(async () => {
    ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } }));
  });
  after(() => client.dispose());

  it('offers the engine’s fixes as quickfix code actions on their diagnostics', async () => {
    const uri = 'file:///project/fixes/compose.yaml';
    await client.open(uri, 'dockercompose', 'services:\n  web:\n    image: nginx:1.27\n    user: root\n');
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    const capDrop = diagnostics.filter((d) => d.code === 'cap-drop-missing');
    assert.equal(capDrop.length, 1);

    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: capDrop[0].range,
      context: { diagnostics: capDrop, only: [CodeActionKind.QuickFix] },
    })) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.title.replace(/ \(.*/, '')), ['Add cap_drop: [ALL]', 'Ignore cap-drop-missing for this line', 'Ignore cap-drop-missing for this file']);
    assert.ok(actions.every((a) => a.kind === CodeActionKind.QuickFix));
    assert.deepEqual(actions[1].edit?.changes?.[uri], [{ range: range(1, 0, 1, 0), newText: '  # bulwark-ignore cap-drop-missing\n' }]);
    assert.deepEqual(actions[2].edit?.changes?.[uri], [{ range: range(0, 0, 0, 0), newText: '# bulwark-ignore-file cap-drop-missing\n' }]);
    assert.match(actions[0].title, /cap_drop: \[ALL\].*changes behaviour/);
    assert.equal(actions[0].isPreferred, true, 'the main fix is preferred');
    assert.equal(actions[1].isPreferred, false);
    assert.deepEqual(actions[0].diagnostics, capDrop);
    assert.deepEqual(actions[0].edit?.changes?.[uri], [{ range: range(3, 0, 3, 0), newText: '    cap_drop: [ALL]\n' }]);
  });

  it('offers nothing for diagnostics of other sources or without fixes', async () => {
    const uri = 'file:///project/fixes2/compose.yaml';
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: range(0, 0, 0, 1),
      context: { diagnostics: [{ range: range(0, 0, 0, 1), message: 'x', source: 'other', data: { fixes: [{ title: 't', safe: true, edits: [] }] } }] },
    });
    assert.deepEqual(actions, []);
  });

  it('keeps the fixes in the server: a diagnostic names its finding, and one of an older version gets no fix', async () => {
    const uri = 'file:///project/fixes3/compose.yaml';
    await client.open(uri, 'dockercompose', 'services:\n  web:\n    image: nginx:1.27\n');
    const first = await client.waitForDiagnostics(uri, { version: 1 });
    const capDrop = first.diagnostics.find((d) => d.code === 'cap-drop-missing')!;
    assert.deepEqual(Object.keys(capDrop.data as object).sort(), ['finding', 'version']);
    const ask = (diagnostic: typeof capDrop) =>
      client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }) as Promise<CodeAction[]>;
    assert.equal((await ask(capDrop)).length, 3);
    // A diagnostic whose finding is another one of that lint (a client that mixed them up) gets nothing.
    assert.deepEqual(await ask({ ...capDrop, code: 'privileged' }), []);

    const since = client.published.length;
    await client.change(uri, 2, [{ range: range(2, 0, 2, 0), text: '    read_only: true\n' }]);
    await client.waitForDiagnostics(uri, { version: 2, since });
    assert.deepEqual(await ask(capDrop), [], 'the fix of version 1 would no longer apply');
  });
});
