import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticsPublisher } from '../../server/publisher';
import { LspTestClient } from './lsp-client';

const SERVER = join(__dirname, '..', '..', '..', 'bin', 'bulwark-language-server.js');

/**
 * A repository opened in an editor, written to turn the language server against its user
 * (docs/security.md): built in a temporary folder, the victim's files beside it.
 */
describe('language server: a hostile workspace', function () {
  if (process.platform === 'win32') return;
  let base: string;
  let repo: string;
  let client: LspTestClient;
  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'bulwark-hostile-server-'));
    repo = join(base, 'repo');
    mkdirSync(join(base, 'victim'), { recursive: true });
    mkdirSync(join(repo, 'linked'), { recursive: true });
    mkdirSync(join(repo, 'plain'), { recursive: true });
    writeFileSync(join(base, 'victim', '.env'), 'NET=victim-network-secret-name\n');
    // A link inside the workspace to a file outside it: isWithin compares real paths.
    symlinkSync(join(base, 'victim', '.env'), join(repo, 'linked', '.env'));
    writeFileSync(join(repo, 'plain', '.env'), 'NET=plain-network-secret-name\nPASSWORD=hunter2-correct-horse\n');
    ({ client } = await LspTestClient.start({ workspaceFolders: [pathToFileURL(repo).href], initializationOptions: { debounceMs: 0 } }));
  });
  after(async () => {
    await client.dispose();
    rmSync(base, { recursive: true, force: true });
  });

  const compose = 'services:\n  app:\n    image: "reg/app:${PASSWORD:-1.0}"\n    network_mode: "container:${NET}"\n';

  it('does not read a .env linked out of the workspace', async () => {
    const uri = pathToFileURL(join(repo, 'linked', 'compose.yaml')).href;
    await client.open(uri, 'yaml', compose);
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    assert.ok(!JSON.stringify(diagnostics).includes('victim-network'), JSON.stringify(diagnostics));
    assert.deepEqual(diagnostics.flatMap((d) => d.relatedInformation ?? []).filter((info) => info.location.uri.endsWith('.env')), []);
  });

  it('never shows a .env value in a diagnostic', async () => {
    const uri = pathToFileURL(join(repo, 'plain', 'compose.yaml')).href;
    await client.open(uri, 'yaml', compose);
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    assert.ok(diagnostics.some((d) => d.code === 'host-namespace'));
    for (const secret of ['plain-network-secret-name', 'hunter2-correct-horse', 'correct-horse']) assert.ok(!JSON.stringify(diagnostics).includes(secret), JSON.stringify(diagnostics));
  });
});

describe('language server: a client that floods it', () => {
  it('a Content-Length of gigabytes ends the connection instead of being buffered', async () => {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.write('Content-Length: 99999999999\r\n\r\n{"jsonrpc":"2.0"');
    const code = await new Promise<number | null>((exited) => child.on('exit', exited));
    assert.equal(code, 1);
    assert.match(stderr, /a message of 99999999999 bytes is over the 67108864 bytes the server accepts; the connection is closed/);
  });

  it('diagnostics wait for the client one message per document: only the latest waits behind the one in flight', async () => {
    const sent: string[] = [];
    const inFlight: Array<() => void> = [];
    const publisher = new DiagnosticsPublisher(
      (params) => {
        sent.push(`${params.uri}@${params.version}`);
        return new Promise((written) => inFlight.push(written));
      },
      () => assert.fail('no failure'),
    );
    for (let version = 1; version <= 1000; version++) for (const uri of ['a', 'b']) publisher.publish({ uri, version, diagnostics: [] });
    assert.deepEqual(sent, ['a@1', 'b@1']);
    assert.equal(publisher.waitingCount, 2);
    for (const written of inFlight.splice(0)) written();
    await new Promise((settled) => setImmediate(settled));
    assert.deepEqual(sent, ['a@1', 'b@1', 'a@1000', 'b@1000']);
    for (const written of inFlight.splice(0)) written();
    await new Promise((settled) => setImmediate(settled));
    assert.equal(publisher.waitingCount, 0);
  });
});
