import * as assert from 'node:assert/strict';
import { TextDocumentSyncKind } from 'vscode-languageserver/node';
import { assertDiagnostics, DOCKERFILE, EXPECTED_DOCKERFILE, range } from './fixtures';
import { LspTestClient, type Transport } from './lsp-client';

describe('language server: transports and lifecycle', () => {
  const transports: Transport[] = ['stdio', 'node-ipc'];
  for (const transport of transports) {
    it(`initializes, lints, shuts down and exits with code 0 over ${transport}`, async () => {
      const { client, initializeResult } = await LspTestClient.start({ transport, initializationOptions: { debounceMs: 0 } });
      try {
        assert.deepEqual(initializeResult.capabilities, {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: true },
          codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll.bulwark', 'source.bulwark.applyAllFixes'] },
          hoverProvider: true,
          completionProvider: {},
          executeCommandProvider: { commands: ['bulwark.updatePinnedDigests'] },
        });
        assert.equal(initializeResult.serverInfo?.name, 'bulwark');

        const uri = `file:///project/${transport}/Dockerfile`;
        await client.open(uri, 'dockerfile', DOCKERFILE);
        assertDiagnostics((await client.waitForDiagnostics(uri)).diagnostics, EXPECTED_DOCKERFILE);

        assert.equal(await client.shutdownAndExit(), 0);
      } finally {
        client.dispose();
      }
    });
  }

  // Two changes sent together land well inside the default 200 ms debounce window.
  it('debounces by default when no initialization options are given', async () => {
    const { client } = await LspTestClient.start();
    try {
      const uri = 'file:///project/defaults/Dockerfile';
      await client.open(uri, 'dockerfile', DOCKERFILE);
      await client.change(uri, 2, [{ range: range(0, 0, 0, 0), text: '# edited\n' }]);
      await client.change(uri, 3, [{ range: range(0, 0, 0, 0), text: '# edited again\n' }]);
      await client.waitForDiagnostics(uri, { version: 3 });
      assert.deepEqual(client.publishedFor(uri).map(({ version }) => version), [1, 3]);
    } finally {
      client.dispose();
    }
  });
});
