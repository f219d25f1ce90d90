/**
 * The packaged extension: what `vsce package` puts into the .vsix, and whether the bundled
 * server it ships starts and speaks LSP. Packages the current dist/ (built by `npm run build`,
 * which `npm test` runs first) into a temporary folder, so the work tree's bulwark.vsix is left alone.
 */
import * as assert from 'node:assert/strict';
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SETTINGS } from '../../server/settings';
import { readZip } from './zip';

const ROOT = path.resolve(__dirname, '../../..');
const BUNDLES = ['dist/extension.js', 'dist/server.js'];

interface Manifest {
  main: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] } };
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, { default?: unknown }> };
    grammars: Array<{ scopeName: string; path: string; injectTo?: string[] }>;
    yamlValidation: Array<{ fileMatch: string[]; url: string }>;
  };
}

describe('bulwark.vsix', function () {
  this.timeout(60_000);
  let workDir: string;
  let vsixSize: number;
  let entries: Map<string, () => Buffer>;
  let names: string[];

  before(function () {
    for (const bundle of BUNDLES) {
      assert.ok(existsSync(path.join(ROOT, bundle)), `${bundle} is missing: run \`npm run build\` first`);
    }
    workDir = mkdtempSync(path.join(tmpdir(), 'bulwark-vsix-'));
    const vsix = path.join(workDir, 'bulwark.vsix');
    const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
    execFileSync(
      process.execPath,
      [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const archive = readFileSync(vsix);
    vsixSize = archive.length;
    entries = readZip(archive);
    names = [...entries.keys()];
  });

  after(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('ships both bundles, the grammar, the manifest and the license', () => {
    for (const name of [...BUNDLES, 'syntaxes/bulwark-suppressions.tmLanguage.json', 'package.json', 'LICENSE.txt']) {
      assert.ok(names.includes(`extension/${name}`), `extension/${name} missing from ${names.join(', ')}`);
    }
  });

  it('ships no dependencies, sources, build output, source maps or tests', () => {
    const forbidden = names.filter((name) =>
      /(^|\/)node_modules\//.test(name) ||
      /\.(ts|map)$/.test(name) ||
      /^extension\/(out|client|server|cli|rules|test|examples|e2e|bench|scripts)\//.test(name) ||
      /\.vsix$/.test(name));
    assert.deepEqual(forbidden, []);
  });

  it('stays small', () => {
    assert.ok(vsixSize < 2_000_000, `bulwark.vsix is ${vsixSize} bytes`);
  });

  it('declares activation, commands, settings and the grammar', () => {
    const manifest = JSON.parse(entries.get('extension/package.json')!().toString('utf8')) as Manifest;
    assert.equal(manifest.main, './dist/extension.js');
    for (const event of ['onLanguage:dockerfile', 'onLanguage:dockercompose']) {
      assert.ok(manifest.activationEvents.includes(event), event);
    }
    assert.ok(manifest.activationEvents.some((event) => event.startsWith('workspaceContains:') && event.includes('docker-compose.yml')));
    for (const event of ['workspaceContains:**/daemon.json', 'workspaceContains:**/*.{service,socket}.d/*.conf', 'workspaceContains:**/{devcontainer,.devcontainer}.json']) {
      assert.ok(manifest.activationEvents.includes(event), event);
    }
    assert.ok(!manifest.activationEvents.includes('onLanguage:json'), 'activating on every JSON file');
    assert.deepEqual(manifest.contributes.commands.map((c) => `${c.category}: ${c.title}`).sort(), [
      'Bulwark: Restart Server',
      'Bulwark: Scan Workspace',
      'Bulwark: Show Output',
      'Bulwark: Update Pinned Digests',
    ]);
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), ['bulwark.restartServer', 'bulwark.scanWorkspace', 'bulwark.showOutput', 'bulwark.updatePinnedDigests']);
    const settings = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(settings).sort(), [
      'bulwark.debounceMs',
      'bulwark.enable',
      'bulwark.ignore',
      'bulwark.online.insecureRegistries',
      'bulwark.online.registry',
      'bulwark.online.registryMap',
      'bulwark.profile',
      'bulwark.rules',
      'bulwark.run',
      'bulwark.trace.server',
      'bulwark.trust.keys',
      'bulwark.trustedRegistries',
    ]);
    // Each setting the server reads has its default there, so the two cannot drift apart.
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      if (key === 'workspaceTrusted') continue;
      if (key === 'online' || key === 'trust') {
        for (const [field, fieldDefault] of Object.entries(value as object)) assert.deepEqual(settings[`bulwark.${key}.${field}`].default, fieldDefault, `${key}.${field}`);
      } else assert.deepEqual(settings[`bulwark.${key}`].default, value, key);
    }
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['bulwark.online.registry', 'bulwark.online.insecureRegistries', 'bulwark.online.registryMap', 'bulwark.trust.keys']);
    for (const validation of manifest.contributes.yamlValidation) {
      assert.ok(names.includes(`extension/${path.posix.normalize(validation.url)}`), validation.url);
    }
    for (const grammar of manifest.contributes.grammars) {
      assert.ok(names.includes(`extension/${path.posix.normalize(grammar.path)}`), grammar.path);
    }
  });

  it('ships a server that starts over stdio and answers initialize', async () => {
    const server = new StdioServer(path.join(ROOT, 'dist/server.js'));
    try {
      const initialize = await server.request('initialize', {
        processId: process.pid,
        clientInfo: { name: 'bulwark-vsix-test' },
        rootUri: null,
        workspaceFolders: null,
        capabilities: {},
        initializationOptions: { rules: {}, debounceMs: 200 },
      });
      const capabilities = (initialize as { capabilities?: Record<string, unknown> }).capabilities;
      assert.ok(capabilities && typeof capabilities === 'object', `no capabilities in ${JSON.stringify(initialize)}`);
      assert.ok('textDocumentSync' in capabilities, `no textDocumentSync in ${JSON.stringify(capabilities)}`);
      await server.request('shutdown', null);
      server.notify('exit', null);
      assert.equal(await server.exitCode(), 0);
    } finally {
      server.kill();
    }
  });
});

/** Just enough of an LSP client to talk to a server process over stdio with Content-Length framing. */
class StdioServer {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private stderr = '';

  constructor(serverModule: string) {
    this.process = spawn(process.execPath, [serverModule, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.process.on('exit', (code) => {
      for (const { reject } of this.pending.values()) reject(new Error(`server exited with ${code}: ${this.stderr}`));
      this.pending.clear();
    });
  }

  request(method: string, params: unknown, timeoutMs = 10_000): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method} in ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.pending.set(id, {
        resolve: (result) => (clearTimeout(timer), resolve(result)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  exitCode(timeoutMs = 5_000): Promise<number | null> {
    if (this.process.exitCode !== null) return Promise.resolve(this.process.exitCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server still running ${timeoutMs} ms after exit`)), timeoutMs);
      this.process.once('exit', (code) => (clearTimeout(timer), resolve(code)));
    });
  }

  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill();
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = /Content-Length: *(\d+)/i.exec(this.buffer.toString('ascii', 0, headerEnd));
      if (!length) throw new Error(`frame without Content-Length: ${this.buffer.toString('utf8', 0, headerEnd)}`);
      const bodyStart = headerEnd + 4;
      const bodyEnd = bodyStart + Number(length[1]);
      if (this.buffer.length < bodyEnd) return;
      const message = JSON.parse(this.buffer.toString('utf8', bodyStart, bodyEnd));
      this.buffer = this.buffer.subarray(bodyEnd);
      this.dispatch(message);
    }
  }

  private dispatch(message: { id?: number | string; method?: string; result?: unknown; error?: { message: string } }): void {
    if (message.method !== undefined) {
      // A request from the server (e.g. window/workDoneProgress/create): answer so it does not wait.
      if (message.id !== undefined) this.send({ jsonrpc: '2.0', id: message.id, result: null });
      return;
    }
    const waiter = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
    if (!waiter) return;
    this.pending.delete(message.id as number);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  }
}
