import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, FileChangeType, TextDocumentEdit, type CodeAction, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { LspTestClient } from './lsp-client';

const DOCKERFILE = 'FROM node:20\nUSER node\nCOPY . /app\n';

function contextMessages(params: PublishDiagnosticsParams): string[] {
  return params.diagnostics.filter((d) => d.code === 'secret-in-build-context').map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 10_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('language server: the build context of a Dockerfile', () => {
  let root: string;
  const uri = (path: string) => pathToFileURL(join(root, path)).href;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'bulwark-server-'));
    for (const folder of ['ws', 'other', 'fix']) {
      mkdirSync(join(root, folder));
      writeFileSync(join(root, folder, 'Dockerfile'), DOCKERFILE);
      writeFileSync(join(root, folder, '.env'), 'TOKEN=fake\n');
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  describe('with a workspace folder and a file watcher', () => {
    let client: LspTestClient;
    before(async () => {
      ({ client } = await LspTestClient.start({
        initializationOptions: { debounceMs: 0 },
        workspaceFolders: [`${uri('ws')}/`],
        capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
      }));
      await until(() => client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'));
    });
    after(() => client.dispose());

    it('lists the folder, keeps the listing until the watcher reports a change, and re-lints the open Dockerfiles then', async () => {
      await client.open(uri('ws/Dockerfile'), 'dockerfile', DOCKERFILE);
      const first = await client.waitForDiagnostics(uri('ws/Dockerfile'), { version: 1 });
      assert.equal(contextMessages(first).length, 1);
      assert.match(contextMessages(first)[0], /into the image: \.env\. There is no \.dockerignore/);

      writeFileSync(join(root, 'ws', 'id_rsa'), 'fake key\n');
      let before = client.published.length;
      await client.change(uri('ws/Dockerfile'), 2, [{ text: `${DOCKERFILE}EXPOSE 3000\n` }]);
      const cached = await client.waitForDiagnostics(uri('ws/Dockerfile'), { version: 2, since: before });
      assert.match(contextMessages(cached)[0], /: \.env\. /, 'the kept listing has no id_rsa yet');

      before = client.published.length;
      await client.filesChanged([{ uri: uri('ws/id_rsa'), type: FileChangeType.Created }]);
      const relinted = await client.waitForDiagnostics(uri('ws/Dockerfile'), { since: before });
      assert.match(contextMessages(relinted)[0], /2 secret-like files .*: \.env, id_rsa\./);
    });

    it('reads an open .dockerignore before it is saved, and re-lints the Dockerfile when it changes', async () => {
      const before = client.published.length;
      await client.open(uri('ws/.dockerignore'), 'ignore', '.env\nid_rsa\n');
      const relinted = await client.waitForDiagnostics(uri('ws/Dockerfile'), { since: before });
      assert.deepEqual(contextMessages(relinted), []);
    });

    it('lists nothing outside the workspace folders', async () => {
      await client.open(uri('other/Dockerfile'), 'dockerfile', DOCKERFILE);
      const outside = await client.waitForDiagnostics(uri('other/Dockerfile'), { version: 1 });
      assert.deepEqual(contextMessages(outside), []);
    });
  });

  describe('without workspace folders', () => {
    let client: LspTestClient;
    before(async () => {
      ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } }));
    });
    after(() => client.dispose());

    it("lists the document's own folder only", async () => {
      await client.open(uri('other/Dockerfile'), 'dockerfile', DOCKERFILE);
      const found = await client.waitForDiagnostics(uri('other/Dockerfile'), { version: 1 });
      assert.match(contextMessages(found)[0], /into the image: \.env\./);
    });
  });

  describe('the quick fix', () => {
    let client: LspTestClient;
    before(async () => {
      ({ client } = await LspTestClient.start({
        initializationOptions: { debounceMs: 0 },
        workspaceFolders: [`${uri('fix')}/`],
        capabilities: { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } },
      }));
    });
    after(() => client.dispose());

    it('creates .dockerignore with the files, in one safe, preferred action', async () => {
      await client.open(uri('fix/Dockerfile'), 'dockerfile', DOCKERFILE);
      const diagnostics = (await client.waitForDiagnostics(uri('fix/Dockerfile'), { version: 1 })).diagnostics.filter((d) => d.code === 'secret-in-build-context');
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri('fix/Dockerfile') }, range: diagnostics[0].range, context: { diagnostics } })) as CodeAction[];
      assert.equal(actions[0].title, 'Add .env to .dockerignore');
      assert.equal(actions[0].isPreferred, true);
      const changes = actions[0].edit?.documentChanges ?? [];
      assert.deepEqual(
        changes.map((change) => (TextDocumentEdit.is(change) ? `edit ${change.textDocument.uri} ${JSON.stringify(change.edits.map((e) => ('newText' in e ? e.newText : '')))}` : `${change.kind} ${'uri' in change ? change.uri : ''}`)),
        [`create ${uri('fix/.dockerignore')}`, `edit ${uri('fix/.dockerignore')} ["# Secrets stay out of the build context\\n.env\\n"]`],
      );
    });
  });
});
