import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, FileChangeType, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { ScanSummary } from '../../server/workspace-scan';
import { diskWorkspace } from './fixtures';
import { LspTestClient } from './lsp-client';

/** What the issue asks of a scanned file after a configuration change: republished within 5 s. */
const REPUBLISHED_WITHIN_MS = 5_000;

const DOCKERFILE = 'FROM alpine:3.20\nRUN apk add curl\n';
const rootUser = (params: PublishDiagnosticsParams) => params.diagnostics.find((diagnostic) => diagnostic.code === 'root-user');

describe('language server: a configuration change re-lints the scanned files that are not open', () => {
  let client: LspTestClient;
  const ws = diskWorkspace({ 'Dockerfile': DOCKERFILE, 'services/api/Dockerfile': DOCKERFILE, 'services/api/compose.yaml': 'services:\n  api:\n    build: .\n' });
  const configPath = path.join(ws.root, '.bulwark.yaml');
  const configUri = ws.uri('.bulwark.yaml');
  const scanned = [ws.uri('Dockerfile'), ws.uri('services/api/Dockerfile')];

  /** Waits until every scanned Dockerfile is published again with root-user as `severity` (undefined: not reported). */
  const republished = (since: number, severity: DiagnosticSeverity | undefined) =>
    Promise.all(scanned.map((uri) => client.waitForDiagnostics(uri, { since, timeoutMs: REPUBLISHED_WITHIN_MS, where: (params) => rootUser(params)?.severity === severity })));
  const writeConfig = async (text: string, type: FileChangeType) => {
    const since = client.published.length;
    writeFileSync(configPath, text);
    await client.filesChanged([{ uri: configUri, type }]);
    return since;
  };

  before(async () => {
    ({ client } = await LspTestClient.start({ workspaceFolders: [pathToFileURL(ws.root).href], watchFiles: true, initializationOptions: { debounceMs: 0 } }));
    const summary = await client.connection.sendRequest<ScanSummary>('bulwark/scanWorkspace', {});
    assert.equal(summary.files, 3);
    for (const uri of scanned) assert.equal(rootUser(await client.waitForDiagnostics(uri))?.severity, DiagnosticSeverity.Warning);
  });
  after(() => {
    client.dispose();
    rmSync(ws.root, { recursive: true, force: true });
  });

  it('a .bulwark.yaml created on the disk (watcher) republishes them with its severities', async () => {
    await republished(await writeConfig('rules:\n  root-user: info\n', FileChangeType.Created), DiagnosticSeverity.Information);
  });

  it('edited: off removes the finding', async () => {
    await republished(await writeConfig('rules:\n  root-user: off\n', FileChangeType.Changed), undefined);
  });

  it('broken: none of it applies, as its problem says, until it is fixed', async () => {
    const since = await writeConfig('rules:\n  root-user: off\n bad: [\n', FileChangeType.Changed);
    await republished(since, DiagnosticSeverity.Warning);
    const problems = await client.waitForDiagnostics(configUri, { since });
    assert.match(String(problems.diagnostics[0].message), /not valid YAML.*None of it applies until it is fixed\./);
    await republished(await writeConfig('rules:\n  root-user: error\n', FileChangeType.Changed), DiagnosticSeverity.Error);
  });

  it('ignoring a folder clears its scanned files; no longer ignoring it brings them back', async () => {
    let since = await writeConfig('ignore: [services/]\n', FileChangeType.Changed);
    const cleared = (params: PublishDiagnosticsParams) => params.diagnostics.length === 0;
    for (const uri of [scanned[1], ws.uri('services/api/compose.yaml')]) await client.waitForDiagnostics(uri, { since, timeoutMs: REPUBLISHED_WITHIN_MS, where: cleared });
    assert.ok(rootUser(client.publishedFor(scanned[0]).at(-1)!), 'the Dockerfile at the root is still linted');
    since = await writeConfig('ignore: []\n', FileChangeType.Changed);
    await client.waitForDiagnostics(scanned[1], { since, timeoutMs: REPUBLISHED_WITHIN_MS, where: (params) => rootUser(params)?.severity === DiagnosticSeverity.Warning });
  });

  it('deleted: the defaults apply again', async () => {
    await writeConfig('rules:\n  root-user: info\n', FileChangeType.Changed).then((since) => republished(since, DiagnosticSeverity.Information));
    const since = client.published.length;
    rmSync(configPath);
    await client.filesChanged([{ uri: configUri, type: FileChangeType.Deleted }]);
    await republished(since, DiagnosticSeverity.Warning);
  });

  it('edited in the editor, unsaved: the open text applies', async () => {
    const since = client.published.length;
    await client.open(configUri, 'yaml', 'rules:\n  root-user: info\n');
    await republished(since, DiagnosticSeverity.Information);
    const later = client.published.length;
    await client.change(configUri, 2, [{ text: 'rules:\n  root-user: error\n' }]);
    await republished(later, DiagnosticSeverity.Error);
    const closed = client.published.length;
    await client.close(configUri);
    await republished(closed, DiagnosticSeverity.Warning);
  });

  it('a changed setting republishes them; Bulwark turned off clears them and turned on brings them back', async () => {
    let since = client.published.length;
    await client.configure({ rules: { 'root-user': 'info' } });
    await republished(since, DiagnosticSeverity.Information);
    since = client.published.length;
    await client.configure({ enable: false });
    await Promise.all(scanned.map((uri) => client.waitForDiagnostics(uri, { since, timeoutMs: REPUBLISHED_WITHIN_MS, where: (params) => params.diagnostics.length === 0 })));
    since = client.published.length;
    await client.configure({ enable: true });
    await republished(since, DiagnosticSeverity.Information);
  });
});
