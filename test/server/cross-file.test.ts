import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver/node';
import { range } from './fixtures';
import { LspTestClient } from './lsp-client';

describe('language server: a Compose file and the Dockerfile it builds', () => {
  let client: LspTestClient;
  before(async () => {
    ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } }));
  });
  after(() => client.dispose());

  it('reads the open (unsaved) Dockerfile and re-lints the Compose file when the Dockerfile changes', async () => {
    const dockerfileUri = 'file:///project/cross/api/Dockerfile';
    const composeUri = 'file:///project/cross/compose.yaml';
    await client.open(dockerfileUri, 'dockerfile', 'FROM node:20\nCMD ["node", "app.js"]\n');
    await client.waitForDiagnostics(dockerfileUri, { version: 1 });
    await client.open(composeUri, 'yaml', 'services:\n  api:\n    build: ./api\n    cap_drop: [ALL]\n');
    const first = (await client.waitForDiagnostics(composeUri, { version: 1 })).diagnostics.filter((d) => d.code === 'root-user');
    assert.equal(first.length, 1);
    assert.deepEqual(first[0].range, range(1, 2, 1, 5));
    assert.equal(first[0].relatedInformation?.[0].location.uri, dockerfileUri);

    const before = client.published.length;
    await client.change(dockerfileUri, 2, [{ range: range(1, 0, 1, 0), text: 'USER 10001\n' }]);
    const relinted = await client.waitForDiagnostics(composeUri, { since: before });
    assert.deepEqual(relinted.diagnostics.filter((d) => d.code === 'root-user'), []);
  });
});

describe('language server: a unit file and the daemon.json its dockerd reads', () => {
  let client: LspTestClient;
  before(async () => {
    ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } }));
  });
  after(() => client.dispose());

  it('lints daemon.json opened as json, and re-lints the open drop-in when daemon.json changes', async () => {
    const daemonUri = 'file:///host/etc/docker/daemon.json';
    const dropInUri = 'file:///host/etc/systemd/system/docker.service.d/override.conf';
    await client.open(daemonUri, 'json', '{\n  "hosts": ["unix:///var/run/docker.sock"],\n  "icc": false,\n  "userns-remap": "default",\n  "no-new-privileges": true\n}\n');
    const own = await client.waitForDiagnostics(daemonUri, { version: 1 });
    assert.deepEqual(own.diagnostics, []);
    await client.open(dropInUri, 'systemd', '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n');
    const first = (await client.waitForDiagnostics(dropInUri, { version: 1 })).diagnostics;
    assert.deepEqual(first.map((d) => d.code), ['daemon-flag-conflict']);
    assert.equal(first[0].source, 'bulwark');
    assert.equal(first[0].relatedInformation?.[0].location.uri, daemonUri);

    const before = client.published.length;
    await client.change(daemonUri, 2, [{ range: range(1, 0, 2, 0), text: '' }]);
    const relinted = await client.waitForDiagnostics(dropInUri, { since: before });
    assert.deepEqual(relinted.diagnostics.map((d) => d.code), []);
  });
});

describe('language server: re-lints what a lint read', () => {
  let client: LspTestClient;
  let folder: string;
  const uriOf = (name: string) => pathToFileURL(path.join(folder, name)).href;
  const latest = (params: { diagnostics: Array<{ code?: string | number }> }) => params.diagnostics.filter((d) => d.code === 'image-latest-tag').length;

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'bulwark-relint-'));
    ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 }, watchFiles: true }));
  });
  after(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('registers a file watcher for every file a lint may read (.env, other Compose files, build contexts)', async () => {
    const watchers = (await client.waitForRegistration('workspace/didChangeWatchedFiles')).registerOptions as { watchers: Array<{ globPattern: string }> };
    assert.deepEqual(watchers.watchers.map((w) => w.globPattern), ['**/*']);
  });

  it('a .env changed on disk re-lints the Compose file that interpolates it', async () => {
    writeFileSync(path.join(folder, '.env'), 'PG_TAG=16\n');
    const compose = uriOf('compose.yaml');
    await client.open(compose, 'dockercompose', 'services:\n  db:\n    image: postgres:${PG_TAG:-latest}\n');
    assert.equal(latest(await client.waitForDiagnostics(compose, { version: 1 })), 0);

    writeFileSync(path.join(folder, '.env'), 'PG_TAG=latest\n');
    const before = client.published.length;
    await client.filesChanged([{ uri: uriOf('.env'), type: FileChangeType.Changed }]);
    const relinted = await client.waitForDiagnostics(compose, { since: before });
    assert.equal(latest(relinted), 1);
    assert.equal(relinted.diagnostics.find((d) => d.code === 'image-latest-tag')?.relatedInformation?.[0].location.uri, uriOf('.env'));
  });

  it('an open .env, an open override and an extended file re-lint the Compose file as they change', async () => {
    const compose = uriOf('compose.yaml');
    const env = uriOf('.env');
    let before = client.published.length;
    await client.open(env, 'dotenv', 'PG_TAG=latest\n');
    assert.equal(latest(await client.waitForDiagnostics(compose, { since: before })), 1, 'the open text wins over the disk');
    before = client.published.length;
    await client.change(env, 2, [{ range: range(0, 7, 0, 13), text: '16' }]);
    assert.equal(latest(await client.waitForDiagnostics(compose, { since: before })), 0);

    const override = uriOf('compose.override.yaml');
    before = client.published.length;
    await client.open(override, 'dockercompose', 'services:\n  db:\n    image: postgres:latest\n');
    const withOverride = await client.waitForDiagnostics(compose, { since: before });
    assert.equal(latest(withOverride), 0, 'the image the override sets is the override\'s finding');
    assert.equal(latest(await client.waitForDiagnostics(override, { version: 1 })), 1);

    before = client.published.length;
    await client.close(override);
    await client.waitForDiagnostics(compose, { since: before });
  });

  it('an extended file changed on disk re-lints the file that extends it; an unrelated change does not', async () => {
    writeFileSync(path.join(folder, 'common.yml'), 'services:\n  base:\n    image: redis:7\n');
    const app = uriOf('docker-compose.app.yml');
    await client.open(app, 'dockercompose', 'services:\n  cache:\n    extends:\n      file: common.yml\n      service: base\n');
    assert.equal((await client.waitForDiagnostics(app, { version: 1 })).diagnostics.filter((d) => d.code === 'image-latest-tag').length, 0);

    const before = client.published.length;
    await client.filesChanged([{ uri: uriOf('unrelated/Dockerfile'), type: FileChangeType.Changed }]);
    writeFileSync(path.join(folder, 'common.yml'), 'services:\n  base:\n    image: redis:latest\n');
    await client.filesChanged([{ uri: uriOf('common.yml'), type: FileChangeType.Changed }]);
    const relinted = await client.waitForDiagnostics(app, { since: before });
    assert.equal(relinted.diagnostics.filter((d) => d.code === 'image-latest-tag').length, 1);
    assert.equal(client.published.slice(before).filter((p) => p.uri === app).length, 1, 'the unrelated change re-linted nothing');
  });
});
