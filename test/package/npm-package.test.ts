/**
 * The npm package as a user gets it: packed, installed into an empty folder from the tarball, and
 * run from there. The compiled files come from the build the test suite runs first; `npm pack` here
 * skips its own `prepack` build for that reason. The install is offline: the dependencies come from
 * the npm cache (`npm ci` filled it), pinned by a lockfile made from the project's own, as a user's
 * lockfile pins them (resolving version ranges would need the registry).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const MAX_PACKED_BYTES = 2 * 1024 * 1024;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  if (result.error) throw result.error;
  return result;
}

interface LockEntry {
  version?: string;
  dev?: boolean;
  link?: boolean;
}

/** A project's lockfile with Bulwark from the tarball, its dependencies pinned as in Bulwark's own lockfile. */
function lockfileFor(dependency: string): object {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; bin: Record<string, string>; engines: Record<string, string> };
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const runtime = Object.entries(lock.packages).filter(([key, entry]) => key.startsWith('node_modules/') && key !== 'node_modules/bulwark' && !entry.dev && !entry.link);
  return {
    name: 'uses-bulwark',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'uses-bulwark', version: '1.0.0', dependencies: { bulwark: dependency } },
      'node_modules/bulwark': { version: manifest.version, resolved: dependency, dependencies: manifest.dependencies, bin: manifest.bin, engines: { node: manifest.engines.node } },
      ...Object.fromEntries(runtime),
    },
  };
}

describe('the npm package', function () {
  this.timeout(300_000);
  let work: string;
  let tarball: string;
  let installed: string;

  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'bulwark-npm-'));
    const packed = run(NPM, ['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
    assert.equal(packed.status, 0, packed.stderr);
    const [name] = readdirSync(work).filter((file) => file.endsWith('.tgz'));
    tarball = path.join(work, name);
    installed = path.join(work, 'project');
    mkdirSync(installed);
    const dependency = `file:../${name}`;
    writeFileSync(path.join(installed, 'package.json'), `${JSON.stringify({ name: 'uses-bulwark', version: '1.0.0', private: true, dependencies: { bulwark: dependency } }, null, 2)}\n`);
    writeFileSync(path.join(installed, 'package-lock.json'), `${JSON.stringify(lockfileFor(dependency), null, 2)}\n`);
    const install = run(NPM, ['ci', '--offline'], installed);
    assert.equal(install.status, 0, `npm ci --offline failed:\n${install.stdout}\n${install.stderr}`);
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it(`packs into at most ${MAX_PACKED_BYTES / 1024 / 1024} MB, compiled files in, sources and tests out`, () => {
    assert.ok(statSync(tarball).size <= MAX_PACKED_BYTES, `${statSync(tarball).size} bytes`);
    const list = run('tar', ['-tzf', tarball], work);
    assert.equal(list.status, 0, list.stderr);
    const files = list.stdout.split('\n').filter(Boolean);
    for (const needed of ['package/bin/bulwark.js', 'package/out/cli/main.js', 'package/out/server/main.js', 'package/out/rules/index.js', 'package/schemas/bulwark.schema.json']) {
      assert.ok(files.includes(needed), `${needed} is missing`);
    }
    assert.deepEqual(files.filter((file) => /\.ts$|\.map$|^package\/(out\/)?test\/|^package\/(cli|rules|server)\//.test(file)), []);
  });

  it('runs bulwark scan where it is installed, without building anything', () => {
    writeFileSync(path.join(installed, 'Dockerfile'), 'FROM node:latest\nUSER 10001\nHEALTHCHECK NONE\n');
    const bin = path.join(installed, 'node_modules', '.bin', process.platform === 'win32' ? 'bulwark.cmd' : 'bulwark');
    const scan = run(bin, ['scan', '--format', 'json', '--fail-on', 'warning', 'Dockerfile'], installed);
    assert.equal(scan.status, 1, `${scan.stdout}${scan.stderr}`);
    const report = JSON.parse(scan.stdout) as { files: Array<{ path: string; findings: Array<{ ruleId: string }> }> };
    assert.deepEqual(report.files.map((file) => [file.path, file.findings.map((finding) => finding.ruleId)]), [['Dockerfile', ['image-latest-tag']]]);
    const version = run(bin, ['--version'], installed);
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  });
});
