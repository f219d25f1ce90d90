import * as assert from 'node:assert/strict';
import { DiagnosticSeverity as Severity } from 'vscode-languageserver/node';
import { assertDiagnostics, DOCKERFILE, range, SECRET } from './fixtures';
import { LspTestClient } from './lsp-client';

describe('language server: document sync without debounce', () => {
  let client: LspTestClient;
  before(async () => {
    ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } }));
  });
  after(() => client.dispose());

  it('re-lints every version of incrementally edited documents', async () => {
    const uri = 'file:///project/edits/Dockerfile';
    await client.open(uri, 'dockerfile', DOCKERFILE);
    await client.waitForDiagnostics(uri, { version: 1 });
    // Pin the image; then, in one notification of two edits, drop the secret and add a USER.
    await client.change(uri, 2, [{ range: range(0, 5, 0, 11), text: 'ubuntu:24.04' }]);
    await client.change(uri, 3, [
      { range: range(1, 0, 2, 0), text: '' },
      { range: range(1, 0, 1, 0), text: 'USER 10001\n' },
    ]);

    assertDiagnostics((await client.waitForDiagnostics(uri, { version: 2 })).diagnostics, [
      { code: 'root-user', severity: Severity.Warning, range: range(0, 0, 0, 17) },
      { code: 'secret-in-env', severity: Severity.Error, range: range(1, 4, 1, 33) },
    ]);
    assertDiagnostics((await client.waitForDiagnostics(uri, { version: 3 })).diagnostics, []);
    assert.deepEqual(client.publishedFor(uri).map(({ version }) => version), [1, 2, 3]);
  });

  it('clears a document’s diagnostics when it is closed', async () => {
    const uri = 'file:///project/closing/Dockerfile';
    await client.open(uri, 'dockerfile', DOCKERFILE);
    assert.notDeepEqual((await client.waitForDiagnostics(uri)).diagnostics, []);
    const beforeClose = client.published.length;
    await client.close(uri);
    assert.deepEqual((await client.waitForDiagnostics(uri, { since: beforeClose })).diagnostics, []);
  });
});

describe('language server: debounced document sync', () => {
  // Long enough for a burst of changes sent at once to land inside one debounce window.
  const DEBOUNCE_MS = 500;
  let client: LspTestClient;
  before(async () => {
    ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: DEBOUNCE_MS } }));
  });
  after(() => client.dispose());

  const versionsPublished = (uri: string) => client.publishedFor(uri).map(({ version }) => version);

  // Waits for the debounced lint of a document changed later: it fires after any lint the server
  // scheduled before, so by then an unwanted publish would have arrived.
  async function waitForALaterDebouncedLint(uri: string): Promise<void> {
    await client.open(uri, 'dockerfile', DOCKERFILE);
    await client.change(uri, 2, [{ range: range(0, 0, 0, 0), text: '# edited\n' }]);
    await client.waitForDiagnostics(uri, { version: 2 });
  }

  it('lints only the last version of a burst of changes', async () => {
    const uri = 'file:///project/burst/Dockerfile';
    await client.open(uri, 'dockerfile', 'FROM ubuntu:24.04\n');
    await client.waitForDiagnostics(uri, { version: 1 });
    const burst = [2, 3, 4, 5, 6].map((version) => client.change(uri, version, [{ range: range(version - 1, 0, version - 1, 0), text: `ENV TOKEN_${version}=${SECRET}\n` }]));
    await Promise.all(burst);

    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 6 });
    assert.deepEqual(
      diagnostics.filter(({ code }) => code === 'secret-in-env').map(({ range }) => range.start.line),
      [1, 2, 3, 4, 5],
    );
    await waitForALaterDebouncedLint('file:///project/burst-later/Dockerfile');
    assert.deepEqual(versionsPublished(uri), [1, 6]);
  });

  it('lints an opened document at once, and that version only once', async () => {
    const uri = 'file:///project/opened/Dockerfile';
    await client.open(uri, 'dockerfile', DOCKERFILE);
    await client.waitForDiagnostics(uri, { version: 1 });
    await waitForALaterDebouncedLint('file:///project/opened-later/Dockerfile');
    assert.deepEqual(versionsPublished(uri), [1]);
  });

  it('never publishes a pending lint of a document closed meanwhile', async () => {
    const uri = 'file:///project/closed-while-pending/Dockerfile';
    await client.open(uri, 'dockerfile', DOCKERFILE);
    await client.waitForDiagnostics(uri, { version: 1 });
    await client.change(uri, 2, [{ range: range(0, 0, 0, 0), text: '# edited\n' }]);
    await client.close(uri);
    await waitForALaterDebouncedLint('file:///project/closed-later/Dockerfile');
    const published = client.publishedFor(uri);
    assert.deepEqual(published.map(({ version }) => version), [1, undefined]);
    assert.deepEqual(published[1].diagnostics, []);
  });
});
