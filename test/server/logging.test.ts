import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageType, type LogMessageParams } from 'vscode-languageserver/node';
import { diskWorkspace } from './fixtures';
import { LspTestClient, type Transport } from './lsp-client';

const VERSION = (require('../../../package.json') as { version: string }).version;

/** Resolves with the first log message that matches, waiting for it. */
async function logged(client: LspTestClient, matches: (message: LogMessageParams) => boolean): Promise<LogMessageParams> {
  for (;;) {
    const found = client.logMessages.find(matches);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('language server: the log', () => {
  const ws = diskWorkspace({ '.bulwark.yaml': 'rules:\n  root-user: error\n' });
  const other = diskWorkspace({});
  after(() => {
    rmSync(ws.root, { recursive: true, force: true });
    rmSync(other.root, { recursive: true, force: true });
  });

  for (const transport of ['stdio', 'node-ipc'] as Transport[]) {
    it(`starts with a line that says the version, the transport (${transport}), the workspace folders and the project files found`, async () => {
      const { client, initializeResult } = await LspTestClient.start({ transport, workspaceFolders: [pathToFileURL(ws.root).href, pathToFileURL(other.root).href] });
      try {
        assert.deepEqual(initializeResult.serverInfo, { name: 'bulwark', version: VERSION });
        const first = await logged(client, () => true);
        assert.equal(first.type, MessageType.Info);
        assert.equal(
          first.message,
          `Bulwark ${VERSION} language server started (Node ${process.version}, ${transport}). Workspace folders: ${ws.root}${path.sep}, ${other.root}${path.sep}. Project files: ${path.join(ws.root, '.bulwark.yaml')}.`,
        );
      } finally {
        client.dispose();
      }
    });
  }

  it('says when there is no workspace folder and no project file', async () => {
    const { client } = await LspTestClient.start();
    try {
      assert.match((await logged(client, () => true)).message, /Workspace folders: none\. Project files: none\.$/);
    } finally {
      client.dispose();
    }
  });

  it('logs what it ignores as a warning', async () => {
    const { client } = await LspTestClient.start();
    try {
      await client.configure({ debounceMs: -1 });
      const warning = await logged(client, (message) => message.type === MessageType.Warning);
      assert.match(warning.message, /^Bulwark ignores a setting: debounceMs is -1/);
    } finally {
      client.dispose();
    }
  });
});
