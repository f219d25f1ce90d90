import * as assert from 'node:assert/strict';
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
