/**
 * Neovim (Debian's, 0.7+) headless as a second real LSP client of `bulwark-language-server --stdio`:
 * diagnostics for a Dockerfile and a Compose file, their code actions, and an applied quick fix
 * that makes its finding go. The client side is neovim/lsp-client.lua.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { requireE2eTools, ROOT } from './setup';

const LUA_CLIENT = path.join(ROOT, 'test/e2e/neovim/lsp-client.lua');
const SERVER = path.join(ROOT, 'bin/bulwark-language-server.js');

const FILES = {
  // The plan applies the fix of a rule of the strict profile: the project file chooses it, as a user would.
  '.bulwark.yaml': 'profile: strict\n',
  Dockerfile: 'FROM node:latest\nRUN npm ci\nCMD ["node", "server.js"]\n',
  'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
};
const PLAN = [
  { file: 'Dockerfile', rule: 'image-latest-tag', action: 'Ignore image-latest-tag for this line' },
  { file: 'compose.yaml', rule: 'no-new-privileges-missing', action: 'Add security_opt: ["no-new-privileges:true"]' },
];

interface Diagnostic {
  code: string;
  source: string;
  severity: number;
  message: string;
  range: [number, number, number, number];
}
interface ClientEvent {
  file?: string;
  filetype?: string;
  diagnostics?: Diagnostic[];
  actions?: string[];
  applied?: string;
  text?: string;
  error?: string;
  done?: boolean;
}

describe('e2e: Neovim as an LSP client', function () {
  requireE2eTools();
  let base: string;
  let events: ClientEvent[] = [];
  const event = (file: string, key: keyof ClientEvent) => events.find((candidate) => candidate.file === file && candidate[key] !== undefined);

  before(function () {
    this.timeout(90_000);
    const version = execFileSync('nvim', ['--version'], { encoding: 'utf8' }).split('\n')[0];
    const [, major, minor] = /NVIM v(\d+)\.(\d+)/.exec(version) ?? [];
    assert.ok(Number(major) > 0 || Number(minor) >= 7, `${version}: the client needs Neovim 0.7 or newer`);

    base = mkdtempSync(path.join(tmpdir(), 'bulwark-nvim-'));
    const workspace = path.join(base, 'workspace');
    mkdirSync(workspace);
    for (const [name, text] of Object.entries(FILES)) writeFileSync(path.join(workspace, name), text);
    // Keeps Neovim's logs, swap and shada files in the temp folder.
    const home = { XDG_CONFIG_HOME: base, XDG_DATA_HOME: base, XDG_STATE_HOME: base, XDG_CACHE_HOME: base };
    const run = spawnSync('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${LUA_CLIENT}`], {
      env: { ...process.env, ...home, BULWARK_SERVER: SERVER, BULWARK_WORKSPACE: workspace, BULWARK_PLAN: JSON.stringify(PLAN) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    events = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('BULWARK '))
      .map((line) => JSON.parse(line.slice('BULWARK '.length)) as ClientEvent);
    const failure = events.find((candidate) => candidate.error)?.error;
    assert.ok(!failure, failure);
    assert.equal(run.status, 0, `nvim exited with ${run.status} (${run.error?.message ?? ''}):\n${run.stdout}\n${run.stderr}`);
    assert.ok(events.some((candidate) => candidate.done), `the client did not finish:\n${run.stdout}`);
  });

  after(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('gets the Dockerfile diagnostics, with rule ids, ranges and source bulwark', () => {
    const { filetype, diagnostics } = event('Dockerfile', 'diagnostics')!;
    assert.equal(filetype, 'dockerfile');
    const found = diagnostics!.map(({ code, range, source, severity }) => ({ code, range, source, severity }));
    assert.deepEqual(
      found.sort((a, b) => a.code.localeCompare(b.code)),
      [
        { code: 'healthcheck-missing', range: [0, 0, 0, 16], source: 'bulwark', severity: 4 }, // hardening advice: a hint
        { code: 'image-latest-tag', range: [0, 5, 0, 16], source: 'bulwark', severity: 2 },
        { code: 'root-user', range: [0, 0, 0, 16], source: 'bulwark', severity: 2 },
      ],
    );
  });

  it('gets the Compose diagnostics of a file Neovim calls yaml', () => {
    const { filetype, diagnostics } = event('compose.yaml', 'diagnostics')!;
    assert.equal(filetype, 'yaml');
    const capDrop = diagnostics!.find((diagnostic) => diagnostic.code === 'cap-drop-missing');
    assert.deepEqual(capDrop && { range: capDrop.range, severity: capDrop.severity }, { range: [1, 2, 1, 5], severity: 2 });
    assert.ok(diagnostics!.some((diagnostic) => diagnostic.code === 'no-new-privileges-missing'));
  });

  it('lists the quick fixes of a finding', () => {
    assert.deepEqual(event('Dockerfile', 'actions')!.actions, ['Ignore image-latest-tag for this line', 'Ignore image-latest-tag for this file']);
    assert.ok(event('compose.yaml', 'actions')!.actions!.includes('Add security_opt: ["no-new-privileges:true"]'));
  });

  it('applies a quick fix, and its finding goes', () => {
    const dockerfile = event('Dockerfile', 'applied')!;
    assert.match(dockerfile.text!, /# bulwark-ignore image-latest-tag/);
    assert.deepEqual(dockerfile.diagnostics!.map((diagnostic) => diagnostic.code).sort(), ['healthcheck-missing', 'root-user']);
    const compose = event('compose.yaml', 'applied')!;
    assert.match(compose.text!, /no-new-privileges:true/);
    assert.ok(!compose.diagnostics!.some((diagnostic) => diagnostic.code === 'no-new-privileges-missing'));
  });
});
