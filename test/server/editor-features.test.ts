import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, FileChangeType, HoverRequest, type MarkupContent } from 'vscode-languageserver/node';
import type { ScanSummary } from '../../server/workspace-scan';
import { diskWorkspace as workspace, DOCKERFILE } from './fixtures';
import { LspTestClient } from './lsp-client';

// The hygiene rules that fire on nearly every fixture are off: these tests are about the editor, not the rules.
const HYGIENE_OFF = { 'healthcheck-missing': 'off', 'image-not-pinned-by-digest': 'off' } as const;

const codes = (params: { diagnostics: Array<{ code?: unknown }> }) => params.diagnostics.map((d) => String(d.code)).sort();

describe('language server: project configuration (.bulwark.yaml)', () => {
  let client: LspTestClient;
  const ws = workspace({
    '.bulwark.yaml': 'rules:\n  image-untagged: off\n  root-user: error\nignore: [vendor/]\n',
  });
  before(async () => {
    ({ client } = await LspTestClient.start({ workspaceFolders: [pathToFileURL(ws.root).href], initializationOptions: { debounceMs: 0, rules: { ...HYGIENE_OFF, 'root-user': 'info' } } }));
  });
  after(() => {
    client.dispose();
    rmSync(ws.root, { recursive: true, force: true });
  });

  it('wins over the user settings', async () => {
    await client.open(ws.uri('app/Dockerfile'), 'dockerfile', DOCKERFILE);
    const { diagnostics } = await client.waitForDiagnostics(ws.uri('app/Dockerfile'));
    assert.deepEqual(codes({ diagnostics }), ['root-user', 'secret-in-env']);
    assert.equal(diagnostics.find((d) => d.code === 'root-user')?.severity, 1);
  });

  it('does not lint the files its ignore globs name', async () => {
    await client.open(ws.uri('vendor/lib/Dockerfile'), 'dockerfile', DOCKERFILE);
    await client.open(ws.uri('later/Dockerfile'), 'dockerfile', DOCKERFILE);
    await client.waitForDiagnostics(ws.uri('later/Dockerfile'));
    assert.deepEqual(client.publishedFor(ws.uri('vendor/lib/Dockerfile')), []);
  });

  it('applies an edit of the open configuration at once, and reports its problems on it, located', async () => {
    const since = client.published.length;
    await client.open(ws.uri('.bulwark.yaml'), 'yaml', 'rules:\n  root-usr: off\n  image-untagged: off\n');
    const configDiagnostics = await client.waitForDiagnostics(ws.uri('.bulwark.yaml'), { since });
    assert.deepEqual(
      configDiagnostics.diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.severity, d.message]),
      [[1, 2, 2, '"root-usr" is not a rule id; did you mean "root-user"? It is ignored.']],
    );
    const relinted = await client.waitForDiagnostics(ws.uri('app/Dockerfile'), { since });
    assert.equal(relinted.diagnostics.find((d) => d.code === 'root-user')?.severity, 3, 'back to the user setting: info');
  });

  it('a malformed configuration is one diagnostic on it, and linting goes on with the settings', async () => {
    const since = client.published.length;
    await client.change(ws.uri('.bulwark.yaml'), 2, [{ text: 'rules: [\n' }]);
    const configDiagnostics = await client.waitForDiagnostics(ws.uri('.bulwark.yaml'), { since });
    assert.equal(configDiagnostics.diagnostics.length, 1);
    assert.match(String(configDiagnostics.diagnostics[0].message), /not valid YAML/);
    const relinted = await client.waitForDiagnostics(ws.uri('app/Dockerfile'), { since });
    assert.deepEqual(codes(relinted), ['image-untagged', 'root-user', 'secret-in-env']);
  });

  it('a deleted configuration file loses its problems', async () => {
    let since = client.published.length;
    await client.close(ws.uri('.bulwark.yaml'));
    // Closed, the configuration is read from the disk again.
    assert.deepEqual((await client.waitForDiagnostics(ws.uri('.bulwark.yaml'), { since })).diagnostics, []);
    ws.write('.bulwark.yaml', 'rules: [\n');
    since = client.published.length;
    await client.filesChanged([{ uri: ws.uri('.bulwark.yaml'), type: FileChangeType.Changed }]);
    assert.equal((await client.waitForDiagnostics(ws.uri('.bulwark.yaml'), { since })).diagnostics.length, 1);
    since = client.published.length;
    rmSync(path.join(ws.root, '.bulwark.yaml'));
    await client.filesChanged([{ uri: ws.uri('.bulwark.yaml'), type: FileChangeType.Deleted }]);
    assert.deepEqual((await client.waitForDiagnostics(ws.uri('.bulwark.yaml'), { since })).diagnostics, []);
  });

  it('enable: false clears the problems of the configuration too; true brings them back', async () => {
    ws.write('.bulwark.yaml', 'rules: [\n');
    let since = client.published.length;
    await client.filesChanged([{ uri: ws.uri('.bulwark.yaml'), type: FileChangeType.Created }]);
    assert.equal((await client.waitForDiagnostics(ws.uri('.bulwark.yaml'), { since })).diagnostics.length, 1);
    since = client.published.length;
    await client.configure({ enable: false });
    assert.deepEqual((await client.waitForDiagnostics(ws.uri('.bulwark.yaml'), { since })).diagnostics, []);
    since = client.published.length;
    await client.configure({ enable: true });
    assert.equal((await client.waitForDiagnostics(ws.uri('.bulwark.yaml'), { since })).diagnostics.length, 1);
  });
});

describe('language server: configuration in a monorepo (nested .bulwark.yaml, extends)', () => {
  let client: LspTestClient;
  const ws = workspace({
    'shared/org.yaml': 'rules:\n  root-user: error\n',
    '.bulwark.yaml': 'extends: shared/org.yaml\n',
    'services/api/.bulwark.yaml': 'extends: ../../.bulwark.yaml\nrules:\n  root-user: warning\nignore: [legacy/]\n',
    'services/loop/.bulwark.yaml': 'rules:\n  root-user: info\nextends: .bulwark.yaml\n',
    'services/strict/.bulwark.yaml': 'extends: ../../.bulwark.yaml\nsuppressions: { allow: false }\n',
  });
  before(async () => {
    ({ client } = await LspTestClient.start({ workspaceFolders: [pathToFileURL(ws.root).href], initializationOptions: { debounceMs: 0, rules: HYGIENE_OFF } }));
  });
  after(() => {
    client.dispose();
    rmSync(ws.root, { recursive: true, force: true });
  });
  const rootUserSeverity = async (relative: string, since?: number) => (await client.waitForDiagnostics(ws.uri(relative), { since })).diagnostics.find((d) => d.code === 'root-user')?.severity;

  it('applies the nearest .bulwark.yaml to each document, with what it extends', async () => {
    await client.open(ws.uri('services/api/Dockerfile'), 'dockerfile', DOCKERFILE);
    assert.equal(await rootUserSeverity('services/api/Dockerfile'), 2, "the service's own warning");
    await client.open(ws.uri('services/web/Dockerfile'), 'dockerfile', DOCKERFILE);
    assert.equal(await rootUserSeverity('services/web/Dockerfile'), 1, "the organisation's error, through the root's extends");
    await client.open(ws.uri('services/api/legacy/Dockerfile'), 'dockerfile', DOCKERFILE);
    await client.open(ws.uri('services/later/Dockerfile'), 'dockerfile', DOCKERFILE);
    await client.waitForDiagnostics(ws.uri('services/later/Dockerfile'));
    assert.deepEqual(client.publishedFor(ws.uri('services/api/legacy/Dockerfile')), [], "the service's ignore glob");
  });

  it('re-lints the documents when a file they extend is edited', async () => {
    const since = client.published.length;
    await client.open(ws.uri('shared/org.yaml'), 'yaml', 'rules:\n  root-user: info\n');
    assert.equal(await rootUserSeverity('services/web/Dockerfile', since), 3);
    assert.equal(await rootUserSeverity('services/api/Dockerfile', since), 2);
  });

  it("applies the suppressions policy: with allow: false a bulwark-ignore comment hides nothing", async () => {
    const text = `${DOCKERFILE.trimEnd()}\n# bulwark-ignore root-user -- not allowed here\nUSER root\n`;
    await client.open(ws.uri('services/strict/Dockerfile'), 'dockerfile', text);
    await client.open(ws.uri('services/lenient/Dockerfile'), 'dockerfile', text);
    assert.ok(await rootUserSeverity('services/strict/Dockerfile'));
    assert.equal(await rootUserSeverity('services/lenient/Dockerfile'), undefined);
  });

  it('reports a cycle on the file whose extends closes it, and applies the rest', async () => {
    const since = client.published.length;
    await client.open(ws.uri('services/loop/Dockerfile'), 'dockerfile', DOCKERFILE);
    assert.equal(await rootUserSeverity('services/loop/Dockerfile', since), 3);
    const { diagnostics } = await client.waitForDiagnostics(ws.uri('services/loop/.bulwark.yaml'), { since });
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.severity, d.message]),
      [[2, 9, 1, 'extends makes a cycle (.bulwark.yaml → .bulwark.yaml): it is not followed.']],
    );
  });
});

describe('language server: enable, run and hover', () => {
  let client: LspTestClient;
  before(async () => {
    ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0, run: 'onSave', rules: HYGIENE_OFF } }));
  });
  after(() => client.dispose());
  const uri = 'file:///project/run/Dockerfile';

  it('with run: onSave, lints on open and on save, not while typing', async () => {
    await client.open(uri, 'dockerfile', 'FROM node:20\n');
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, { version: 1 })), ['root-user']);
    await client.change(uri, 2, [{ text: DOCKERFILE }]);
    await client.save(uri);
    const saved = await client.waitForDiagnostics(uri, { version: 2 });
    assert.deepEqual(codes(saved), ['image-untagged', 'root-user', 'secret-in-env']);
    assert.equal(client.publishedFor(uri).length, 2, 'one lint on open, one on save');
  });

  it('hovering a diagnostic shows its message, why it matters and a link to its rule documentation, in markdown', async () => {
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 2 });
    const secret = diagnostics.find((d) => d.code === 'secret-in-env')!;
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: secret.range.start });
    const contents = hover?.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value, /^### secret-in-env: /);
    // The message as plain text: Markdown's special characters escaped (a redacted value's asterisks emphasise nothing).
    const unescaped = contents.value.replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.ok(unescaped.includes(String(secret.message)), contents.value);
    assert.ok(!contents.value.includes(String(secret.message)), 'the asterisks of the redacted value are escaped');
    assert.match(contents.value, /baked into the image configuration/);
    assert.doesNotMatch(contents.value, /## (Why is this bad|Use instead)/);
    assert.match(contents.value, /\[Rule documentation\]\(https:\/\/github\.com\/bulwark-lint\/bulwark\/blob\/main\/docs\/rules\/secret-in-env\.md\)/);
    const nothing = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 40, character: 0 } });
    assert.equal(nothing, null);
  });

  it('enable: false clears the diagnostics; true brings them back', async () => {
    const since = client.published.length;
    await client.configure({ enable: false });
    assert.deepEqual((await client.waitForDiagnostics(uri, { since })).diagnostics, []);
    const again = client.published.length;
    await client.configure({ enable: true });
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, { since: again })), ['image-untagged', 'root-user', 'secret-in-env']);
  });
});

describe('language server: Scan Workspace', () => {
  let client: LspTestClient;
  const ws = workspace({
    'Dockerfile': DOCKERFILE,
    'api/compose.yaml': 'services:\n  db:\n    image: postgres\n',
    'build/Dockerfile': DOCKERFILE,
    '.gitignore': 'build/\n',
    'excluded/Dockerfile': DOCKERFILE,
    'vendor/Dockerfile': DOCKERFILE,
    '.bulwark.yaml': 'ignore: [vendor]\n',
    'node_modules/pkg/Dockerfile': DOCKERFILE,
    'README.md': '# not linted\n',
  });
  const scan = (exclude: string[] = ['excluded/**'], source?: CancellationTokenSource) =>
    source
      ? client.connection.sendRequest<ScanSummary>('bulwark/scanWorkspace', { exclude }, source.token)
      : client.connection.sendRequest<ScanSummary>('bulwark/scanWorkspace', { exclude });
  before(async () => {
    ({ client } = await LspTestClient.start({ workspaceFolders: [pathToFileURL(ws.root).href], initializationOptions: { debounceMs: 0, rules: HYGIENE_OFF } }));
  });
  after(() => {
    client.dispose();
    rmSync(ws.root, { recursive: true, force: true });
  });

  it('lints every file that is not excluded, git-ignored or ignored by the configuration, and sums up', async () => {
    const summary = await scan();
    assert.equal(summary.files, 2);
    assert.equal(summary.cancelled, false);
    assert.deepEqual(summary.findings, { error: 1, warning: 4, info: 0 });
    assert.deepEqual(codes(await client.waitForDiagnostics(ws.uri('Dockerfile'))), ['image-untagged', 'root-user', 'secret-in-env']);
    assert.ok(codes(await client.waitForDiagnostics(ws.uri('api/compose.yaml'))).includes('image-untagged'));
    for (const skipped of ['build/Dockerfile', 'excluded/Dockerfile', 'vendor/Dockerfile', 'node_modules/pkg/Dockerfile']) {
      assert.deepEqual(client.publishedFor(ws.uri(skipped)), [], skipped);
    }
  });

  it('a second scan replaces the results: a deleted file loses its diagnostics', async () => {
    rmSync(path.join(ws.root, 'api'), { recursive: true });
    const since = client.published.length;
    const summary = await scan();
    assert.equal(summary.files, 1);
    assert.deepEqual((await client.waitForDiagnostics(ws.uri('api/compose.yaml'), { since })).diagnostics, []);
  });

  it('a file deleted on the disk loses its diagnostics at once', async () => {
    ws.write('new/Dockerfile', DOCKERFILE);
    await scan();
    const since = client.published.length;
    rmSync(path.join(ws.root, 'new'), { recursive: true });
    await client.filesChanged([{ uri: ws.uri('new/Dockerfile'), type: FileChangeType.Deleted }]);
    assert.deepEqual((await client.waitForDiagnostics(ws.uri('new/Dockerfile'), { since })).diagnostics, []);
  });

  it('stops when cancelled', async () => {
    for (let i = 0; i < 400; i++) ws.write(`many/${i}/Dockerfile`, DOCKERFILE);
    const source = new CancellationTokenSource();
    const pending = scan(['excluded/**'], source);
    source.cancel();
    const summary = await pending;
    assert.equal(summary.cancelled, true);
    assert.ok(summary.files < 401, `${summary.files} files`);
  });

  it('a scanned file that is opened and closed keeps its diagnostics', async () => {
    await scan();
    const uri = ws.uri('Dockerfile');
    await client.open(uri, 'dockerfile', 'FROM node:20\n');
    await client.waitForDiagnostics(uri, { version: 1 });
    const since = client.published.length;
    await client.close(uri);
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, { since })), ['root-user']);
  });
});
