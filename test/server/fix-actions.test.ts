import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CodeActionKind, CodeActionRequest, TextDocumentEdit, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver/node';
import { detectKind, lint } from '../../rules';
import { applyEdits } from '../../rules/fixes/edits';
import { LineIndex } from '../../rules/text';
import { FIXTURES } from '../fixes/fixtures';
import { memoryWorkspace } from '../helpers/memory-workspace';
import { LspTestClient } from './lsp-client';

const PASSWORD = 's3cr3t-Passw0rd';
const COMPOSE = `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${PASSWORD}\n`;
const CAN_CREATE = { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const] } } };

/** Applies a WorkspaceEdit to in-memory files, as an editor would; creating an existing file fails. */
function applyWorkspaceEdit(files: Record<string, string>, edit: WorkspaceEdit): Record<string, string> {
  const result = { ...files };
  const editText = (uri: string, edits: Parameters<typeof applyEdits>[2]) => {
    assert.ok(uri in result, `edit of a missing file ${uri}`);
    result[uri] = applyEdits(result[uri], new LineIndex(result[uri]), edits);
  };
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) editText(uri, edits);
  for (const change of edit.documentChanges ?? []) {
    if (TextDocumentEdit.is(change)) editText(change.textDocument.uri, change.edits as Parameters<typeof applyEdits>[2]);
    else if (change.kind === 'create') {
      assert.ok(!(change.uri in result), `creates the existing ${change.uri}`);
      assert.deepEqual(change.options, { overwrite: false, ignoreIfExists: false });
      result[change.uri] = '';
    } else assert.fail(`unexpected resource operation ${change.kind}`);
  }
  return result;
}

async function codeActions(client: LspTestClient, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } })) as CodeAction[];
}

describe('language server: fixes that reach other files, and fix-all', () => {
  describe('a client that can create files', () => {
    let client: LspTestClient;
    before(async () => {
      ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0, profile: 'strict' }, capabilities: CAN_CREATE }));
    });
    after(() => client.dispose());

    it('moves a Compose secret with one WorkspaceEdit: the document edited, the secret file and .gitignore created', async () => {
      const uri = 'file:///nowhere/move/compose.yaml';
      await client.open(uri, 'dockercompose', COMPOSE);
      const secret = (await client.waitForDiagnostics(uri, { version: 1 })).diagnostics.filter((d) => d.code === 'secret-in-env');
      assert.equal(secret.length, 1);
      const actions = await codeActions(client, uri, secret);
      assert.deepEqual(
        actions.map((a) => [a.title, a.kind, a.isPreferred]),
        [
          ['Move POSTGRES_PASSWORD to the Compose secret "postgres_password" (the image reads POSTGRES_PASSWORD_FILE) (changes behaviour)', CodeActionKind.QuickFix, true],
          ['Move the value of POSTGRES_PASSWORD to secrets/postgres_password.env, read with env_file (the program keeps reading POSTGRES_PASSWORD) (changes behaviour)', CodeActionKind.QuickFix, false],
          ['Ignore secret-in-env for this line', CodeActionKind.QuickFix, false],
          ['Ignore secret-in-env for this file', CodeActionKind.QuickFix, false],
        ],
      );
      const edit = actions[0].edit!;
      assert.equal(edit.changes, undefined);
      assert.deepEqual(
        edit.documentChanges?.map((change) => (TextDocumentEdit.is(change) ? `edit ${change.textDocument.uri}` : change.kind === 'create' ? `create ${change.uri}` : change.kind)),
        [
          `edit ${uri}`,
          'create file:///nowhere/move/secrets/postgres_password.txt',
          'edit file:///nowhere/move/secrets/postgres_password.txt',
          'create file:///nowhere/move/.gitignore',
          'edit file:///nowhere/move/.gitignore',
        ],
      );
      // The document's edit is for the version linted; the new files have none.
      assert.deepEqual(
        edit.documentChanges?.filter(TextDocumentEdit.is).map((change) => change.textDocument.version),
        [1, null, null],
      );
      const files = applyWorkspaceEdit({ [uri]: COMPOSE }, edit);
      assert.deepEqual(files, {
        [uri]: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password\n    secrets: [postgres_password]\nsecrets:\n  postgres_password:\n    file: ./secrets/postgres_password.txt\n',
        'file:///nowhere/move/secrets/postgres_password.txt': PASSWORD,
        'file:///nowhere/move/.gitignore': 'secrets/\n',
      });
    });

    it('source.fixAll.bulwark applies every safe fix of the document, and only when asked for', async () => {
      const uri = 'file:///nowhere/fixall/compose.yaml';
      const text = 'services:\n  web:\n    image: nginx:1.27\n    environment:\n      DOCKER_CONTENT_TRUST: "0"\n      MODE: prod\n  db:\n    image: postgres:16\n';
      await client.open(uri, 'dockercompose', text);
      const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
      assert.deepEqual(await codeActions(client, uri, [], [CodeActionKind.QuickFix]), []);
      const [fixAll, ...others] = await codeActions(client, uri, diagnostics, [CodeActionKind.SourceFixAll]);
      assert.deepEqual(others, []);
      assert.equal(fixAll.kind, 'source.fixAll.bulwark');
      assert.equal(fixAll.title, 'Fix all safe Bulwark problems');
      assert.equal(
        applyWorkspaceEdit({ [uri]: text }, fixAll.edit!)[uri],
        'services:\n  web:\n    image: nginx:1.27\n    environment:\n      MODE: prod\n    security_opt: ["no-new-privileges:true"]\n  db:\n    image: postgres:16\n    security_opt: ["no-new-privileges:true"]\n',
      );
      // `source` (the editor's Source Action menu) also offers every fix, those that change behaviour too.
      const sourceActions = await codeActions(client, uri, diagnostics, [CodeActionKind.Source]);
      assert.deepEqual(sourceActions.map((a) => a.kind), ['source.fixAll.bulwark', 'source.bulwark.applyAllFixes']);
      assert.equal(sourceActions[1].title, 'Apply all Bulwark fixes, including those that change behaviour');
      // One fix per insertion point in one go: the others come with the next request.
      assert.equal(
        applyWorkspaceEdit({ [uri]: text }, sourceActions[1].edit!)[uri],
        'services:\n  web:\n    image: nginx:1.27\n    environment:\n      MODE: prod\n    cap_drop: [ALL]\n  db:\n    image: postgres:16\n    cap_drop: [ALL]\n',
      );
    });
  });

  it('every fix offered for a small project, applied as an editor would, removes its finding and leaves the file parseable', async () => {
    const { client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 }, capabilities: CAN_CREATE });
    try {
      const uris = Object.keys(FIXTURES);
      const languageOf = (uri: string) => (detectKind(uri) === 'compose' ? 'dockercompose' : 'dockerfile');
      for (const uri of uris) await client.open(uri, languageOf(uri), FIXTURES[uri]);
      // Linted once more with every file open: each sees the others.
      let applied = 0;
      for (const uri of uris) {
        const since = client.published.length;
        await client.change(uri, 2, [{ text: FIXTURES[uri] }]);
        const { diagnostics } = await client.waitForDiagnostics(uri, { version: 2, since });
        for (const diagnostic of diagnostics) {
          for (const action of await codeActions(client, uri, [diagnostic])) {
            if (action.title.startsWith('Ignore ')) continue;
            const files = applyWorkspaceEdit(FIXTURES, action.edit!);
            // Before and after, each with its own files: a fix may change only another file (a .dockerignore).
            const same = (tree: Record<string, string>) => lint({ uri, text: tree[uri] }, { workspace: memoryWorkspace(tree) }).findings.filter((f) => f.ruleId === diagnostic.code && f.message === diagnostic.message).length;
            const after = lint({ uri, text: files[uri] }, { workspace: memoryWorkspace(files) }).findings;
            assert.ok(same(files) < same(FIXTURES), `"${action.title}" leaves its finding in ${uri}:\n${files[uri]}`);
            assert.deepEqual(after.filter((f) => f.ruleId === 'parse-error'), [], `"${action.title}" breaks ${uri}`);
            applied++;
          }
        }
      }
      assert.ok(applied >= 35, `only ${applied} fixes applied`);
    } finally {
      client.dispose();
    }
  });

  it('sends a fix that edits two files as plain changes to a client without documentChanges', async () => {
    const { client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } });
    try {
      const dockerfileUri = 'file:///nowhere/arg/Dockerfile';
      const composeUri = 'file:///nowhere/arg/compose.yaml';
      const dockerfile = 'FROM node:20\nARG NPM_TOKEN\nRUN npm ci --token "$NPM_TOKEN"\n';
      const compose = 'services:\n  app:\n    build:\n      context: .\n      args: [NPM_TOKEN]\n';
      await client.open(dockerfileUri, 'dockerfile', dockerfile);
      await client.open(composeUri, 'dockercompose', compose);
      const arg = (await client.waitForDiagnostics(composeUri, { version: 1 })).diagnostics.filter((d) => d.code === 'secret-in-arg');
      const [move] = await codeActions(client, composeUri, arg);
      assert.equal(move.title, 'Pass NPM_TOKEN as the build secret "npm_token" (build.secrets, and a secret mount in the Dockerfile) (changes behaviour)');
      assert.equal(move.edit?.documentChanges, undefined);
      assert.deepEqual(Object.keys(move.edit?.changes ?? {}), [composeUri, dockerfileUri]);
      assert.deepEqual(applyWorkspaceEdit({ [composeUri]: compose, [dockerfileUri]: dockerfile }, move.edit!), {
        [composeUri]: 'services:\n  app:\n    build:\n      context: .\n      secrets: [npm_token]\nsecrets:\n  npm_token:\n    environment: NPM_TOKEN\n',
        [dockerfileUri]: '# syntax=docker/dockerfile:1\nFROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --token "$NPM_TOKEN"\n',
      });
    } finally {
      client.dispose();
    }
  });

  it('does not offer a fix that creates files to a client that cannot create them', async () => {
    const { client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } });
    try {
      const uri = 'file:///nowhere/plain/compose.yaml';
      await client.open(uri, 'dockercompose', COMPOSE);
      const secret = (await client.waitForDiagnostics(uri, { version: 1 })).diagnostics.filter((d) => d.code === 'secret-in-env');
      assert.deepEqual((await codeActions(client, uri, secret)).map((a) => a.title), ['Ignore secret-in-env for this line', 'Ignore secret-in-env for this file']);
    } finally {
      client.dispose();
    }
  });
  describe('a client that shows change annotations', () => {
    let client: LspTestClient;
    let folder: string;
    before(async () => {
      folder = mkdtempSync(join(tmpdir(), 'bulwark-fix-session-'));
      const annotating = { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const], changeAnnotationSupport: { groupsOnLabel: true } } } };
      ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 }, capabilities: annotating, workspaceFolders: [pathToFileURL(folder).href] }));
    });
    after(() => {
      client.dispose();
      rmSync(folder, { recursive: true, force: true });
    });

    /** Applies a WorkspaceEdit to the files on the disk, as an editor that saves them does. */
    function applyToDisk(edit: WorkspaceEdit, open: Record<string, string>): void {
      const touched = new Set([...Object.keys(edit.changes ?? {}), ...(edit.documentChanges ?? []).map((change) => (TextDocumentEdit.is(change) ? change.textDocument.uri : (change as { uri: string }).uri))]);
      const before: Record<string, string> = {};
      for (const uri of touched) {
        if (uri in open) before[uri] = open[uri];
        else if (existsSync(fileURLToPath(uri))) before[uri] = readFileSync(fileURLToPath(uri), 'utf8');
      }
      for (const [uri, text] of Object.entries(applyWorkspaceEdit(before, edit))) {
        mkdirSync(dirname(fileURLToPath(uri)), { recursive: true });
        writeFileSync(fileURLToPath(uri), text);
      }
    }

    it('two secret moves in a row add secrets/ to .gitignore once, each fix asking for confirmation of its changes to other files', async () => {
      const gitignore = join(folder, '.gitignore');
      writeFileSync(gitignore, 'node_modules/\n');
      const composeUri = pathToFileURL(join(folder, 'compose.yaml')).href;
      const dockerfileUri = pathToFileURL(join(folder, 'Dockerfile')).href;
      const compose = `services:\n  api:\n    image: ghcr.io/acme/api:1\n    environment:\n      API_TOKEN: ${PASSWORD}\n`;
      const dockerfile = 'FROM node:20\nENV DB_PASSWORD=an0ther-Passw0rd\nCMD ["node", "worker.js"]\n';
      writeFileSync(fileURLToPath(composeUri), compose);
      writeFileSync(fileURLToPath(dockerfileUri), dockerfile);
      await client.open(composeUri, 'dockercompose', compose);
      await client.open(dockerfileUri, 'dockerfile', dockerfile);
      const inCompose = (await client.waitForDiagnostics(composeUri, { version: 1 })).diagnostics.filter((d) => d.code === 'secret-in-env');
      const inDockerfile = (await client.waitForDiagnostics(dockerfileUri, { version: 1 })).diagnostics.filter((d) => d.code === 'secret-in-env');

      const [first] = await codeActions(client, composeUri, inCompose);
      assert.equal(first.title, 'Move the value of API_TOKEN to secrets/api_token.env, read with env_file (the program keeps reading API_TOKEN) (changes behaviour)');
      assert.deepEqual(first.edit?.changeAnnotations, { 'bulwark.otherFiles': { label: 'Bulwark: changes to other files', description: 'creates api_token.env, edits .gitignore', needsConfirmation: true } });
      for (const change of first.edit?.documentChanges ?? []) {
        const other = TextDocumentEdit.is(change) ? change.textDocument.uri !== composeUri : true;
        const annotations = TextDocumentEdit.is(change) ? change.edits.map((e) => (e as { annotationId?: string }).annotationId) : [(change as { annotationId?: string }).annotationId];
        assert.ok(annotations.every((id) => id === (other ? 'bulwark.otherFiles' : undefined)), JSON.stringify(change));
      }
      applyToDisk(first.edit!, { [composeUri]: compose });
      assert.equal(readFileSync(gitignore, 'utf8'), 'node_modules/\nsecrets/\n');

      // The Dockerfile was linted before .gitignore changed: its fix is made from the file as it is now.
      const [second] = await codeActions(client, dockerfileUri, inDockerfile);
      assert.match(second.title, /^Take DB_PASSWORD out of the image/);
      applyToDisk(second.edit!, { [dockerfileUri]: dockerfile });
      assert.equal(readFileSync(gitignore, 'utf8'), 'node_modules/\nsecrets/\n');
      assert.equal(readFileSync(join(folder, 'secrets', 'db_password.env'), 'utf8'), 'DB_PASSWORD=an0ther-Passw0rd\n');
    });
  });
});
