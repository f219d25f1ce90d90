import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ScanSummary } from '../../server/workspace-scan';
import { diskWorkspace as workspace } from './fixtures';
import { LspTestClient } from './lsp-client';

const codes = (params: { diagnostics: Array<{ code?: unknown }> }) => params.diagnostics.map((d) => String(d.code)).sort();

describe('language server: dev containers', () => {
  let client: LspTestClient;
  const ws = workspace({
    '.devcontainer/devcontainer.json': '{\n  // Docker inside the dev container.\n  "image": "mcr.microsoft.com/devcontainers/base:bookworm",\n  "runArgs": ["--privileged"],\n}\n',
    '.devcontainer/ci/devcontainer.json': '{ "image": "mcr.microsoft.com/devcontainers/base:bookworm" }\n',
    'features/src/x/devcontainer-feature.json': '{ "privileged": true }\n',
  });
  before(async () => {
    ({ client } = await LspTestClient.start({ workspaceFolders: [pathToFileURL(ws.root).href], initializationOptions: { debounceMs: 0 } }));
  });
  after(() => {
    client.dispose();
    rmSync(ws.root, { recursive: true, force: true });
  });

  it('Scan Workspace lints every devcontainer.json, and no other JSON file', async () => {
    const summary = await client.connection.sendRequest<ScanSummary>('bulwark/scanWorkspace', {});
    assert.equal(summary.files, 2);
    const found = await client.waitForDiagnostics(ws.uri('.devcontainer/devcontainer.json'));
    assert.deepEqual(codes(found), ['privileged']);
    assert.deepEqual(found.diagnostics[0].range, { start: { line: 3, character: 15 }, end: { line: 3, character: 27 } });
    assert.deepEqual(client.publishedFor(ws.uri('features/src/x/devcontainer-feature.json')), []);
  });

  it('lints a devcontainer.json the editor opens as JSON with comments', async () => {
    const uri = ws.uri('.devcontainer/ci/devcontainer.json');
    const since = client.published.length;
    await client.open(uri, 'jsonc', '{\n  "image": "x",\n  "features": { "ghcr.io/devcontainers/features/docker-in-docker:2": {} }\n}\n');
    const found = await client.waitForDiagnostics(uri, { since });
    assert.deepEqual(found.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]), [['privileged', 2, 2, 16]]);
  });
});
