import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScanSummary } from '../../server/workspace-scan';
import { assertWellFormed } from './fixtures';
import { LspTestClient } from './lsp-client';

/**
 * The hostile inputs through the real server: a 50 MB document opened in the editor, and a
 * workspace whose scan meets symlink loops, FIFOs, NUL bytes, invalid UTF-8 and a 50 MB file. Each
 * is answered (a timeout detects a hang) with a clear diagnostic or the right findings.
 * Binary junk and a 5 MB document are in robustness.test.ts.
 */

const MB = 1024 * 1024;
const codes = (params: { diagnostics: Array<{ code?: unknown }> }) => params.diagnostics.map((d) => String(d.code)).sort();

describe('language server: hostile inputs', function () {
  this.timeout(120_000);

  describe('a 50 MB file', () => {
    it('opened in the editor: one file-too-large diagnostic, and the server goes on', async () => {
      const { client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } });
      try {
        const uri = 'file:///hostile/huge/Dockerfile';
        await client.open(uri, 'dockerfile', `FROM ubuntu\n${'RUN echo hello\n'.repeat(Math.ceil((50 * MB) / 15))}`);
        const { diagnostics } = await client.waitForDiagnostics(uri);
        assert.deepEqual(codes({ diagnostics }), ['file-too-large']);
        assert.deepEqual(diagnostics[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 11 } });
        assert.match(String(diagnostics[0].message), /50\.0 MB/);

        const after = 'file:///hostile/after/Dockerfile';
        await client.open(after, 'dockerfile', 'FROM ubuntu:24.04\nUSER root\n');
        assert.ok(codes(await client.waitForDiagnostics(after)).includes('root-user'));
        assert.equal(await client.shutdownAndExit(), 0);
      } finally {
        client.dispose();
      }
    });
  });

  describe('the workspace scan', function () {
    let root: string;
    let client: LspTestClient;
    const uri = (relative: string) => pathToFileURL(path.join(root, relative)).href;
    const write = (relative: string, content: string | Buffer) => {
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), content);
    };

    before(async function () {
      if (process.platform === 'win32') this.skip();
      root = mkdtempSync(path.join(tmpdir(), 'bulwark-hostile-'));
      write('a/Dockerfile', 'FROM alpine:3.20\nUSER root\n');
      write('b/compose.yaml', 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n');
      write('c/Dockerfile', 'FROM alpine:3.20\nUSER root\n');
      // Folder links a → b → a, a link to its own parent, a file link that points at itself.
      symlinkSync(path.join('..', 'b'), path.join(root, 'a', 'to-b'));
      symlinkSync(path.join('..', 'a'), path.join(root, 'b', 'to-a'));
      symlinkSync('..', path.join(root, 'c', 'parent'));
      mkdirSync(path.join(root, 'loop'));
      symlinkSync('Dockerfile', path.join(root, 'loop', 'Dockerfile'));
      // FIFOs where files are read: read the usual way, each would block until something wrote to it.
      write('app/compose.yaml', 'services:\n  web:\n    build: .\n    env_file: .env\n    privileged: true\n');
      mkdirSync(path.join(root, 'pipe'));
      for (const fifo of ['app/.env', 'app/Dockerfile', 'app/.dockerignore', 'app/.gitignore', 'pipe/compose.yaml', '.bulwark.yaml']) {
        if (spawnSync('mkfifo', [path.join(root, fifo)]).status !== 0) this.skip();
      }
      write('nul/daemon.json', Buffer.alloc(MB));
      write('utf8/Dockerfile', Buffer.concat([Buffer.from('FROM alpine:3.20\nLABEL note="'), Buffer.from([0x80, 0xc3, 0x28, 0xfe, 0xff]), Buffer.from('"\nUSER root\n')]));
      write('big/Dockerfile', Buffer.alloc(50 * MB, 'RUN echo hello\n'));
      ({ client } = await LspTestClient.start({ workspaceFolders: [pathToFileURL(root).href], initializationOptions: { debounceMs: 0 } }));
    });
    after(() => {
      client?.dispose();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    it('ends, lints each regular file once, skips links and FIFOs, and says a file is too large to read without reading it', async () => {
      const summary = await client.connection.sendRequest<ScanSummary>('bulwark/scanWorkspace', {});
      assert.equal(summary.cancelled, false);
      // a/Dockerfile, b/compose.yaml, c/Dockerfile, app/compose.yaml, nul/daemon.json, utf8/Dockerfile, big/Dockerfile.
      assert.equal(summary.files, 7);
      assert.deepEqual(summary.unreadable, { count: 0, first: [] });
      const linted = [...new Set(client.published.map((params) => params.uri))].sort();
      assert.deepEqual(linted, ['a/Dockerfile', 'app/compose.yaml', 'b/compose.yaml', 'big/Dockerfile', 'c/Dockerfile', 'nul/daemon.json', 'utf8/Dockerfile'].map(uri).sort());
      for (const params of client.published) params.diagnostics.forEach(assertWellFormed);
      const big = client.publishedFor(uri('big/Dockerfile')).at(-1)!;
      assert.deepEqual(codes(big), ['file-too-large']);
      assert.match(String(big.diagnostics[0].message), /This file is 50\.0 MB, over the 4\.0 MB Bulwark lints; it was not checked\./);
    });

    it('the findings of the files beside the links and FIFOs, located', async () => {
      const rootUser = (relative: string) => client.publishedFor(uri(relative)).at(-1)?.diagnostics.find((d) => d.code === 'root-user')?.range.start;
      assert.deepEqual(rootUser('a/Dockerfile'), { line: 1, character: 0 });
      assert.deepEqual(rootUser('utf8/Dockerfile'), { line: 2, character: 0 });
      assert.ok(codes(client.publishedFor(uri('app/compose.yaml')).at(-1)!).includes('privileged'));
      const daemon = client.publishedFor(uri('nul/daemon.json')).at(-1)!;
      assert.deepEqual(codes(daemon), ['parse-error']);
      assert.deepEqual(daemon.diagnostics[0].range.start, { line: 0, character: 0 });
    });

    it('the server still answers, and logged no error', async () => {
      const after = 'file:///hostile/after-scan/Dockerfile';
      await client.open(after, 'dockerfile', 'FROM ubuntu:24.04\nUSER root\n');
      assert.ok(codes(await client.waitForDiagnostics(after)).includes('root-user'));
      assert.deepEqual(client.logMessages.filter((message) => message.type === 1), []);
    });
  });

  describe('files and folders without read permission', () => {
    it('the scan names them in its summary and lints the rest', async function () {
      // root reads everything regardless of permissions.
      if (process.platform === 'win32' || process.getuid?.() === 0) this.skip();
      const root = mkdtempSync(path.join(tmpdir(), 'bulwark-locked-'));
      mkdirSync(path.join(root, 'locked'));
      mkdirSync(path.join(root, 'open'));
      writeFileSync(path.join(root, 'open', 'Dockerfile'), 'FROM alpine:3.20\nUSER root\n');
      writeFileSync(path.join(root, 'open', 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n');
      chmodSync(path.join(root, 'open', 'compose.yaml'), 0o000);
      chmodSync(path.join(root, 'locked'), 0o000);
      const { client } = await LspTestClient.start({ workspaceFolders: [pathToFileURL(root).href], initializationOptions: { debounceMs: 0 } });
      try {
        const summary = await client.connection.sendRequest<ScanSummary>('bulwark/scanWorkspace', {});
        assert.equal(summary.files, 1);
        assert.deepEqual(
          summary.unreadable.first.map(({ uri, reason }) => `${uri.slice(pathToFileURL(root).href.length)}: ${reason}`).sort(),
          ['/locked: permission denied', '/open/compose.yaml: permission denied'],
        );
        assert.equal(summary.unreadable.count, 2);
      } finally {
        client.dispose();
        chmodSync(path.join(root, 'locked'), 0o755);
        rmSync(root, { recursive: true, force: true });
      }
    });
  });
});
