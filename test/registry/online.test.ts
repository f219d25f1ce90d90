import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JsonReport } from '../../cli/formats/json';
import { ImageFactsService } from '../../registry/facts';
import { canonicalImage, parseImageReference } from '../../rules';
import { REPO_ROOT } from '../cli/helpers';
import { CodeActionRequest, type CodeAction } from 'vscode-languageserver/node';
import { LspTestClient } from '../server/lsp-client';
import { freePort, registryServers, SKIP_REGISTRY_TESTS, type RegistryServers } from './servers';

const DENY_NETWORK = join(REPO_ROOT, 'out', 'test', 'registry', 'deny-network.js');

/** Runs the real CLI without blocking this process (the token service of the tests lives here). */
function bulwark(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'bulwark.js'), ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-online-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('online features off by default: no socket is ever opened', () => {
  it('the CLI scans the examples without connecting anywhere, and connects with --online', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'bulwark-net-')), 'connections');
    const env = { NODE_OPTIONS: `--require ${DENY_NETWORK}`, BULWARK_NETWORK_LOG: log };
    const offline = await bulwark(['scan', 'examples/', '--fail-on', 'never'], REPO_ROOT, env);
    assert.equal(offline.status, 0, offline.stderr);
    assert.equal(existsSync(log), false, 'the default scan opened a socket');
    // The instrument works: the same scan online tries to connect (to a port nothing listens on).
    await bulwark(['scan', 'examples/webapp/Dockerfile', '--fail-on', 'never', '--online', '--registry-map', `docker.io=http://127.0.0.1:${await freePort()}`], REPO_ROOT, env);
    assert.equal(existsSync(log), true);
  });

  for (const [who, initializationOptions] of [['that says the workspace is untrusted', { workspaceTrusted: false }], ['that says nothing of trust (any LSP client but VS Code)', {}]] as const) {
    it(`the language server lints without connecting anywhere, also when a project file turns the registry on, for a client ${who}`, async () => {
      const log = join(mkdtempSync(join(tmpdir(), 'bulwark-net-')), 'connections');
      const untrusted = project({ '.bulwark.yaml': 'online:\n  registry: true\n  registryMap: { docker.io: "http://127.0.0.1:8" }\n', Dockerfile: 'FROM node:20\n' });
      const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, BULWARK_NETWORK_LOG: process.env.BULWARK_NETWORK_LOG };
      Object.assign(process.env, { NODE_OPTIONS: `--require ${DENY_NETWORK}`, BULWARK_NETWORK_LOG: log });
      const { client } = await LspTestClient.start({ workspaceFolders: [pathToFileURL(untrusted).href], initializationOptions }).finally(() => {
        for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      });
      const files: Array<[string, string]> = [
        [join(untrusted, 'Dockerfile'), 'dockerfile'],
        [join(REPO_ROOT, 'examples', 'webapp', 'Dockerfile'), 'dockerfile'],
        [join(REPO_ROOT, 'examples', 'webapp', 'compose.yaml'), 'dockercompose'],
      ];
      for (const [file, languageId] of files) {
        const uri = pathToFileURL(file).href;
        await client.open(uri, languageId, readFileSync(file, 'utf8'));
        await client.waitForDiagnostics(uri);
      }
      await new Promise((wait) => setTimeout(wait, 300));
      await client.shutdownAndExit();
      assert.equal(existsSync(log), false, 'the language server opened a socket');
    });
  }
});

describe('online features against real registries', function () {
  let servers: RegistryServers;
  before(async function () {
    if (SKIP_REGISTRY_TESTS) this.skip();
    this.timeout(60_000);
    servers = await registryServers();
  });

  it('bulwark scan --online --fix --unsafe-fixes pins to the index digest (ARG default, Compose image) and the pins resolve to the same digests', async () => {
    const dir = project({
      Dockerfile: 'ARG BASE="node:20"\nFROM ${BASE}\nUSER 10001\nHEALTHCHECK NONE\nFROM alpine\nUSER 10001\n',
      'compose.yaml': 'services:\n  cache:\n    image: "alpine:3.19"\n',
    });
    // Pinning a tagged image to its digest is image-not-pinned-by-digest's fix, in the strict profile.
    const run = await bulwark(['scan', '.', '--profile', 'strict', '--online', '--registry-map', `docker.io=${servers.open}`, '--fix', '--unsafe-fixes', '--fail-on', 'never'], dir);
    assert.equal(run.status, 0, run.stderr);
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    assert.ok(dockerfile.startsWith(`ARG BASE="node:20@${servers.seeded.node20.digest}"\nFROM \${BASE}\n`), dockerfile);
    const alpineLatest = /FROM alpine@(sha256:[0-9a-f]{64})\n/.exec(dockerfile)?.[1];
    const compose = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    assert.ok(compose.includes(`\n    image: "alpine:3.19@${servers.seeded.alpine.digest}"\n`), compose);
    const facts = new ImageFactsService({ registryMap: { 'docker.io': servers.open } });
    for (const [text, digest] of [[`node:20@${servers.seeded.node20.digest}`, servers.seeded.node20.digest], [`alpine:3.19@${servers.seeded.alpine.digest}`, servers.seeded.alpine.digest], [`alpine@${alpineLatest}`, alpineLatest]]) {
      const resolved = await facts.resolve(canonicalImage(parseImageReference(text as string) as NonNullable<ReturnType<typeof parseImageReference>>));
      assert.equal(resolved.digest, digest, text);
    }
  });

  it('bulwark scan --online reports image-unsigned for unsigned images and those signed with an unknown key, and image-lookup-failed with the reason', async () => {
    const dir = project({
      'cosign.pub': servers.seeded.keys.trusted.publicPem,
      '.bulwark.yaml': 'trust:\n  keys:\n    - scope: docker.io/library/*\n      key: cosign.pub\n      name: release key\n',
      Dockerfile: 'FROM node:20 AS build\nFROM redis:7 AS cache\nFROM alpine:3.19 AS base\nFROM nosuch:1\n',
    });
    // Named with --config: the user's own file, which may give trust keys (the repository's may not).
    const run = await bulwark(['scan', '.', '--config', '.bulwark.yaml', '--online', '--registry-map', `docker.io=${servers.open}`, '--format', 'json', '--fail-on', 'never'], dir);
    assert.equal(run.status, 0, run.stderr);
    const findings = (JSON.parse(run.stdout) as JsonReport).files[0].findings.filter((f) => f.ruleId === 'image-unsigned' || f.ruleId === 'image-lookup-failed');
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.line]),
      [
        ['image-unsigned', 2],
        ['image-unsigned', 3],
        ['image-lookup-failed', 4],
      ],
    );
    assert.match(findings[0].message, /found a cosign signature by a key not in bulwark.trust.keys/);
    assert.match(findings[1].message, /found no cosign, Notation or Docker Content Trust signature/);
    assert.match(findings[2].message, /not found \(404\)/);
  });

  it('the language server resolves in the background, publishes again with the pin fix, and offers it as a quick fix', async () => {
    const dir = project({ Dockerfile: 'FROM node:20\n' });
    const uri = pathToFileURL(join(dir, 'Dockerfile')).href;
    const { client } = await LspTestClient.start({
      workspaceFolders: [pathToFileURL(dir).href],
      initializationOptions: { profile: 'strict', online: { registry: true, registryMap: { 'docker.io': servers.open } } },
    });
    await client.open(uri, 'dockerfile', 'FROM node:20\n');
    const first = await client.waitForDiagnostics(uri);
    const pinned = first.diagnostics.find((d) => d.code === 'image-not-pinned-by-digest');
    assert.ok(pinned);
    // The first lint does not wait for the registry; the answer comes with a second publication.
    const again = await client.waitForDiagnostics(uri, { since: client.published.indexOf(first) + 1 });
    const withFix = again.diagnostics.find((d) => d.code === 'image-not-pinned-by-digest');
    assert.ok(withFix);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: withFix.range, context: { diagnostics: [withFix] } })) as CodeAction[];
    assert.equal(actions[0].edit?.changes?.[uri]?.[0].newText, `@${servers.seeded.node20.digest}`);
    // The hover over the reference shows what the registry said.
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 7 } })) as { contents: { value: string } };
    assert.match(hover.contents.value, new RegExp(`Digest: \`${servers.seeded.node20.digest}\`, an index of 2 platforms: linux/amd64, linux/arm64/v8`));
    assert.match(hover.contents.value, /Resolved: \d{4}-\d\d-\d\dT/);
    await client.shutdownAndExit();
  });

  it('"Bulwark: Update pinned digests" replaces the digests whose tag moved, in every file of the workspace', async () => {
    const stale = servers.seeded.node18.digest;
    const dir = project({
      Dockerfile: `ARG BASE=node:20@${stale}\nFROM \${BASE}\n`,
      'compose.yaml': `services:\n  cache:\n    image: alpine:3.19@${servers.seeded.alpine.digest}\n`,
    });
    const { client } = await LspTestClient.start({
      workspaceFolders: [pathToFileURL(dir).href],
      initializationOptions: { online: { registry: true, registryMap: { 'docker.io': servers.open } } },
    });
    const applied: unknown[] = [];
    client.connection.onRequest('workspace/applyEdit', (params) => {
      applied.push(params);
      return { applied: true };
    });
    const update = (await client.connection.sendRequest('workspace/executeCommand', { command: 'bulwark.updatePinnedDigests' })) as { updated: number; current: number; failures: string[] };
    assert.deepEqual([update.updated, update.current, update.failures], [1, 1, []]);
    const uri = pathToFileURL(join(dir, 'Dockerfile')).href;
    const line = `ARG BASE=node:20@`;
    assert.deepEqual(applied, [
      {
        label: 'Update pinned digests',
        edit: { changes: { [uri]: [{ range: { start: { line: 0, character: line.length }, end: { line: 0, character: line.length + stale.length } }, newText: servers.seeded.node20.digest }] } },
      },
    ]);
    await client.shutdownAndExit();
  });
});
