import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bulwark, CLEAN_DOCKERFILE, DIGEST, REPO_ROOT, scanJson, useTree } from './helpers';

const PACKAGE_VERSION = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version;

describe('bulwark command line', () => {
  describe('help and version', () => {
    for (const args of [['--help'], ['-h']]) {
      it(`bulwark ${args.join(' ')} lists the commands`, () => {
        const run = bulwark(args);
        assert.equal(run.status, 0);
        assert.match(run.stdout, /^Usage: bulwark <command>/);
        assert.match(run.stdout, /scan \[PATH\.\.\.\]/);
        assert.equal(run.stderr, '');
      });
    }

    it('bulwark scan --help describes every option and exit code', () => {
      const run = bulwark(['scan', '--help']);
      assert.equal(run.status, 0);
      for (const text of ['Usage: bulwark scan', '--format', '--output', '--fail-on', '--trusted-registry', '--online', '--registry-map', '--version', 'Exit codes']) assert.ok(run.stdout.includes(text), `help lacks ${text}`);
    });

    for (const args of [['--version'], ['scan', '--version']]) {
      it(`bulwark ${args.join(' ')} prints the package version`, () => {
        const run = bulwark(args);
        assert.equal(run.status, 0);
        assert.equal(run.stdout, `${PACKAGE_VERSION}\n`);
      });
    }
  });

  describe('usage errors exit with 2 and name the problem on stderr', () => {
    const tree = useTree({ 'Dockerfile': 'FROM alpine:3.20\nUSER 10001\n' });
    const cases: Array<{ args: string[]; stderr: RegExp }> = [
      { args: [], stderr: /no command given/ },
      { args: ['lint'], stderr: /unknown command 'lint'/ },
      { args: ['--frobnicate'], stderr: /--frobnicate/ },
      { args: ['scan', '--frobnicate'], stderr: /Unknown option '--frobnicate'/ },
      { args: ['scan', '-x'], stderr: /Unknown option '-x'/ },
      { args: ['scan', '--format', 'xml'], stderr: /invalid value 'xml' for --format: expected text, json, sarif, github, gitlab, junit or checkstyle/ },
      { args: ['scan', '--format'], stderr: /--format/ },
      { args: ['scan', '--fail-on', 'critical'], stderr: /invalid value 'critical' for --fail-on: expected error, warning, info or never/ },
      { args: ['scan', '--output', ''], stderr: /--output needs a file name/ },
      { args: ['scan', '--trusted-registry', ''], stderr: /--trusted-registry needs a registry host/ },
      { args: ['scan', '--trusted-registry'], stderr: /--trusted-registry/ },
      { args: ['scan', 'no-such-folder'], stderr: /no such file or folder: no-such-folder/ },
      { args: ['scan', 'Dockerfile', 'missing/compose.yaml'], stderr: /no such file or folder: missing\/compose\.yaml/ },
      { args: ['scan', '--online', '--registry-map', 'docker.io'], stderr: /--registry-map: "docker.io" is not HOST=URL/ },
      { args: ['scan', '--online', '--registry-map', 'docker.io=ftp://mirror'], stderr: /--registry-map: the endpoint of docker.io must be an http:\/\/ or https:\/\/ URL/ },
      { args: ['scan', '--registry-map', 'docker.io=https://mirror.example.com'], stderr: /--registry-map goes with --online/ },
    ];
    for (const { args, stderr } of cases) {
      it(`bulwark ${args.map((arg) => JSON.stringify(arg)).join(' ') || '(nothing)'}`, () => {
        const run = bulwark(args, { cwd: tree() });
        assert.equal(run.status, 2, run.stderr);
        assert.match(run.stderr, /^bulwark: /);
        assert.match(run.stderr, stderr);
        assert.equal(run.stdout, '', 'no report for a command line that cannot run');
      });
    }
  });

  describe('exit code by --fail-on', () => {
    // One finding of each severity: parse-error (error) in the compose file, root-user (warning)
    // in the Dockerfile, file-too-large (info) in a Dockerfile over the 4 MB limit.
    const errorOnly = { 'compose.yaml': 'services: [\n' };
    const warningOnly = { 'Dockerfile': CLEAN_DOCKERFILE.replace('USER 10001\n', '') };
    const infoOnly = { 'big.Dockerfile': `${CLEAN_DOCKERFILE}${'#'.repeat(4 * 1024 * 1024)}\n` };
    const trees = { error: useTree(errorOnly), warning: useTree(warningOnly), info: useTree(infoOnly), clean: useTree({ 'Dockerfile': CLEAN_DOCKERFILE }) };
    const expected: Record<keyof typeof trees, Record<string, number>> = {
      error: { default: 1, error: 1, warning: 1, info: 1, never: 0 },
      warning: { default: 0, error: 0, warning: 1, info: 1, never: 0 },
      info: { default: 0, error: 0, warning: 0, info: 1, never: 0 },
      clean: { default: 0, error: 0, warning: 0, info: 0, never: 0 },
    };
    for (const [worst, byLevel] of Object.entries(expected) as Array<[keyof typeof trees, Record<string, number>]>) {
      for (const [level, status] of Object.entries(byLevel)) {
        it(`a ${worst === 'clean' ? 'clean scan' : `worst finding of ${worst}`} with ${level === 'default' ? 'the default --fail-on' : `--fail-on ${level}`} exits with ${status}`, () => {
          const run = bulwark(level === 'default' ? ['scan'] : ['scan', '--fail-on', level], { cwd: trees[worst]() });
          assert.equal(run.status, status, run.stdout + run.stderr);
          const summary = run.stdout.trim().split('\n').pop() ?? '';
          if (worst === 'clean') assert.equal(summary, 'No findings; 1 file scanned');
          else assert.match(summary, new RegExp(`^1 finding \\(${worst === 'error' ? 1 : 0} errors?, ${worst === 'warning' ? 1 : 0} warnings?, ${worst === 'info' ? 1 : 0} info\\) in 1 file; 1 file scanned$`));
        });
      }
    }
  });
  describe('--trusted-registry', () => {
    const from = (image: string) => CLEAN_DOCKERFILE.replace(/^FROM \S+/, `FROM ${image}`);
    const tree = useTree({
      'app/Dockerfile': from(`ghcr.io/myorg/app:1.0@${DIGEST}`),
      'tools/Dockerfile': from(`quay.io/example/tools:2.1@${DIGEST}`),
      'official/Dockerfile': from(`node:20@${DIGEST}`),
    });
    const untrusted = (args: string[]) =>
      scanJson(['--fail-on', 'never', ...args], tree()).report.files.flatMap((file) => file.findings.filter((f) => f.ruleId === 'image-untrusted-registry').map((f) => `${file.path}:${f.line}:${f.column}`));

    it('is off without the option', () => {
      assert.deepEqual(untrusted([]), []);
    });

    it('reports images from registries not given, and takes the option several times', () => {
      assert.deepEqual(untrusted(['--trusted-registry', 'ghcr.io/myorg']), ['official/Dockerfile:1:6', 'tools/Dockerfile:1:6']);
      assert.deepEqual(untrusted(['--trusted-registry', 'ghcr.io/myorg', '--trusted-registry=docker.io/library']), ['tools/Dockerfile:1:6']);
      assert.deepEqual(untrusted(['--trusted-registry', 'ghcr.io', '--trusted-registry', 'quay.io', '--trusted-registry', 'index.docker.io']), []);
    });
  });
});
