import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ScanSummary } from '../../server/workspace-scan';
import { diskWorkspace as workspace } from './fixtures';
import { LspTestClient } from './lsp-client';

/** The rules of the errors and warnings (an `info` about a missing setting may come with them). */
const codes = (params: { diagnostics: Array<{ code?: unknown; severity?: number }> }) => params.diagnostics.filter((d) => (d.severity ?? 1) <= 2).map((d) => String(d.code)).sort();

describe('language server: scripts, Makefiles and CI files', () => {
  let client: LspTestClient;
  const ws = workspace({
    'scripts/run.sh': 'docker run \\\n  --privileged \\\n  alpine\n',
    'bin/deploy': '#!/usr/bin/env bash\ndocker run --pid=host alpine\n',
    'bin/tool': '#!/usr/bin/env python3\nprint("docker run --privileged x")\n',
    'Makefile': 'run:\n\tdocker run --ipc=host alpine\n',
    '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          docker run --net=host alpine\n',
    '.github/labeler.yml': 'docker run --privileged x\n',
  });
  before(async () => {
    ({ client } = await LspTestClient.start({ workspaceFolders: [pathToFileURL(ws.root).href], initializationOptions: { debounceMs: 0 } }));
  });
  after(() => {
    client.dispose();
    rmSync(ws.root, { recursive: true, force: true });
  });

  it('Scan Workspace lints scripts (by name or shebang), Makefiles and workflows, and no other file', async () => {
    const summary = await client.connection.sendRequest<ScanSummary>('bulwark/scanWorkspace', {});
    assert.equal(summary.files, 4);
    const script = await client.waitForDiagnostics(ws.uri('scripts/run.sh'));
    assert.deepEqual(codes(script), ['privileged']);
    assert.deepEqual(script.diagnostics[0].range, { start: { line: 1, character: 2 }, end: { line: 1, character: 14 } });
    assert.deepEqual(codes(await client.waitForDiagnostics(ws.uri('bin/deploy'))), ['host-namespace']);
    assert.deepEqual(codes(await client.waitForDiagnostics(ws.uri('Makefile'))), ['host-namespace']);
    const workflow = await client.waitForDiagnostics(ws.uri('.github/workflows/ci.yml'));
    assert.deepEqual(workflow.diagnostics.filter((d) => d.code === 'host-namespace').map((d) => d.range.start), [{ line: 6, character: 21 }]);
    assert.deepEqual(client.publishedFor(ws.uri('bin/tool')), []);
    assert.deepEqual(client.publishedFor(ws.uri('.github/labeler.yml')), []);
  });

  it('lints a document the editor opens as a shell script, whatever its name', async () => {
    const uri = ws.uri('tools/provision');
    const since = client.published.length;
    await client.open(uri, 'shellscript', 'sudo docker run --rm \\\n  --cap-add SYS_ADMIN alpine\n');
    const found = await client.waitForDiagnostics(uri, { since });
    assert.deepEqual(found.diagnostics.filter((d) => d.code === 'dangerous-cap-add').map((d) => [d.severity, d.range.start.line, d.range.start.character]), [[1, 1, 2]]);
  });
});
