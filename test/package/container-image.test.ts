/**
 * The CLI's container image (Dockerfile at the repository's root): Bulwark's own default finds
 * nothing at warning or above in it, it is multi-stage and ends as an unprivileged user, and the
 * bundle its build stage makes (the esbuild command, run as written, on what the stage copies)
 * is a working CLI.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { JsonReport } from '../../cli/formats/json';
import { bulwark, REPO_ROOT } from '../cli/helpers';

const DOCKERFILE = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');

describe('the container image', function () {
  this.timeout(120_000);

  it("gets no finding at warning or above from Bulwark's defaults", () => {
    const work = mkdtempSync(path.join(tmpdir(), 'bulwark-image-'));
    try {
      // Alone in a folder: no project configuration applies, only the defaults.
      writeFileSync(path.join(work, 'Dockerfile'), DOCKERFILE);
      const run = bulwark(['scan', '--format', 'json', '--fail-on', 'warning', 'Dockerfile'], { cwd: work });
      assert.equal(run.status, 0, run.stdout);
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.equal(report.summary.filesScanned, 1);
      assert.deepEqual(report.files[0].findings.filter((finding) => finding.severity !== 'info'), []);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('is multi-stage and ends as an unprivileged user', () => {
    const stages = DOCKERFILE.split('\n').filter((line) => /^FROM\s/i.test(line));
    assert.ok(stages.length >= 2, 'a build stage and the image');
    const finalStage = DOCKERFILE.slice(DOCKERFILE.lastIndexOf('\nFROM '));
    assert.match(finalStage, /^USER (?!root\b|0\b)\S+/m);
    assert.doesNotMatch(finalStage, /^RUN .*npm (ci|install)/m, 'no dependency install in the image itself: the CLI is one bundle');
  });

  it("its build stage's bundle is a working CLI", () => {
    const command = /^RUN (npx esbuild .*)$/m.exec(DOCKERFILE)?.[1];
    assert.ok(command, 'the build stage bundles with esbuild');
    const image = mkdtempSync(path.join(tmpdir(), 'bulwark-image-'));
    try {
      // As the image lays it out: /opt/bulwark/package.json and /opt/bulwark/out/cli/main.js.
      const outfile = path.join(image, 'out', 'cli', 'main.js');
      const args = command.split(' ').slice(1).map((arg) => (arg.startsWith('--outfile=') ? `--outfile=${outfile}` : arg));
      // The build context as the stage sees it: only what its COPY lines bring (and the installed modules).
      const context = path.join(image, 'build');
      const buildStage = DOCKERFILE.slice(0, DOCKERFILE.indexOf('\nFROM ', DOCKERFILE.indexOf('FROM ') + 1));
      for (const [, sources, destination] of buildStage.matchAll(/^COPY (?!--)(.+) (\S+)$/gm)) {
        for (const source of sources.split(' ')) {
          const target = destination.endsWith('/') && !source.endsWith('/') ? path.join(context, destination, path.basename(source)) : path.join(context, destination);
          cpSync(path.join(REPO_ROOT, source), target, { recursive: true });
        }
      }
      symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(context, 'node_modules'));
      const bundle = spawnSync('npx', args, { cwd: context, encoding: 'utf8', timeout: 120_000 });
      assert.equal(bundle.status, 0, bundle.stderr);
      copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(image, 'package.json'));
      const project = path.join(image, 'src');
      mkdirSync(project);
      writeFileSync(path.join(project, 'Dockerfile'), 'FROM node:latest\nUSER 10001\nHEALTHCHECK NONE\n');
      const scan = spawnSync(process.execPath, [outfile, 'scan', '--format', 'json', '.'], { cwd: project, encoding: 'utf8' });
      assert.equal(scan.status, 0, scan.stderr);
      const report = JSON.parse(scan.stdout) as JsonReport;
      assert.deepEqual(report.files.map((file) => [file.path, file.findings.map((finding) => finding.ruleId)]), [['Dockerfile', ['image-latest-tag']]]);
      assert.equal(report.version, JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    } finally {
      rmSync(image, { recursive: true, force: true });
    }
  });
});
