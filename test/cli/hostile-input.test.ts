import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { bulwark, HARDENING, scanJson, useTree } from './helpers';

/**
 * The hostile inputs as files on the disk, through the real CLI: each scan ends (the child
 * process has a timeout, a hang fails the test) with a clear diagnostic or the right findings.
 * Binary junk, a 13 MB file, a broken link and a FIFO named as a Compose file are in input.test.ts.
 */

const MB = 1024 * 1024;
/** Bytes that are no UTF-8: a lone continuation byte, truncated sequences, bytes UTF-8 never uses. */
const INVALID_UTF8 = Buffer.from([0x80, 0xc3, 0x28, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xfe, 0xff]);

function findingsOf(report: ReturnType<typeof scanJson>['report'], ...ruleIds: string[]): string[] {
  return report.files.flatMap((file) => file.findings.filter((f) => ruleIds.includes(f.ruleId)).map((f) => `${file.path} ${f.ruleId} ${f.line}:${f.column}`));
}

function mkfifo(path: string): boolean {
  return spawnSync('mkfifo', [path]).status === 0;
}

describe('bulwark scan: hostile inputs', function () {
  // Each scan is a child process with its own timeout; this one only bounds the suite.
  this.timeout(180_000);

  describe('a 50 MB file', () => {
    const tree = useTree({ 'Dockerfile': Buffer.alloc(50 * MB, 'RUN echo hello\n') });

    it('is not read whole: one file-too-large finding from its size', () => {
      const { run, report } = scanJson([], tree());
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(findingsOf(report, 'file-too-large'), ['Dockerfile file-too-large 1:1']);
      assert.equal(report.files[0].findings.length, 1);
      assert.match(report.files[0].findings[0].message, /50\.0 MB/);
    });
  });

  describe('a file of NUL bytes', () => {
    const nuls = Buffer.alloc(MB);
    const tree = useTree({ 'Dockerfile': nuls, 'compose.yaml': nuls, 'etc/docker/daemon.json': nuls, 'etc/systemd/system/docker.service': nuls });

    it('a located parse-error for each kind that has a syntax; a unit file of NULs runs no dockerd', () => {
      const { run, report } = scanJson([], tree());
      assert.equal(run.stderr, '');
      assert.equal(run.status, 1);
      assert.equal(report.summary.filesScanned, 4);
      assert.deepEqual(findingsOf(report, 'parse-error', 'internal-error'), ['Dockerfile parse-error 1:1', 'compose.yaml parse-error 1:1', 'etc/docker/daemon.json parse-error 1:1']);
      assert.deepEqual(report.files.find((file) => file.path.endsWith('docker.service'))?.findings, []);
    });
  });

  describe('invalid UTF-8', () => {
    const tree = useTree({
      'Dockerfile': Buffer.concat([Buffer.from('FROM ubuntu:24.04\nLABEL note="'), INVALID_UTF8, Buffer.from('"\nUSER root\n')]),
      'compose.yaml': Buffer.concat([Buffer.from('services:\n  web:\n    image: nginx:1.27\n    labels: {note: "'), INVALID_UTF8, Buffer.from(`"}\n    privileged: true\n    cap_drop: [ALL]\n${HARDENING}`)]),
      'etc/docker/daemon.json': Buffer.concat([Buffer.from('{"labels": ["'), INVALID_UTF8, Buffer.from('"], "icc": true}\n')]),
      'etc/systemd/system/docker.service': Buffer.concat([Buffer.from('# '), INVALID_UTF8, Buffer.from('\n[Service]\nExecStart=/usr/bin/dockerd --icc=true\n')]),
      'junk/Dockerfile': Buffer.concat(Array.from({ length: 1000 }, () => INVALID_UTF8)),
    });

    it('the findings around the bad bytes are found and located, in UTF-16 columns of the decoded text', () => {
      const { run, report } = scanJson([], tree());
      assert.equal(run.stderr, '');
      // The bad bytes decode to replacement characters, and columns count those.
      const decoded = INVALID_UTF8.toString('utf8').length;
      assert.deepEqual(findingsOf(report, 'root-user', 'privileged', 'daemon-icc-enabled', 'parse-error', 'internal-error'), [
        'Dockerfile root-user 3:1',
        'compose.yaml privileged 5:5',
        `etc/docker/daemon.json daemon-icc-enabled 1:${18 + decoded}`,
        'etc/systemd/system/docker.service daemon-icc-enabled 3:28',
        'junk/Dockerfile parse-error 1:1',
      ]);
    });
  });

  describe('10,000 services', () => {
    const services = Array.from({ length: 10_000 }, (_, i) => `  svc${i}:\n    image: example/svc${i}:1.0\n    user: "1000"\n`).join('');
    const tree = useTree({ 'compose.yaml': `services:\n${services}` });

    it('the first 1,000 findings, then one that counts the rest and keeps their highest severity', () => {
      const { run, report } = scanJson([], tree());
      assert.equal(run.stderr, '');
      const findings = report.files[0].findings;
      assert.equal(findings.length, 1001);
      const capDrops = findings.filter((f) => f.ruleId === 'cap-drop-missing');
      assert.deepEqual(capDrops.slice(0, 2).map((f) => f.line), [2, 5]);
      const summary = findings[1000];
      assert.equal(summary.ruleId, 'too-many-findings');
      assert.equal(summary.severity, 'warning');
      assert.match(summary.message, /^Bulwark reports at most 1000 findings for this file; \d+ more were left out \(\d+ warning(, \d+ info)?\)\.$/);
    });
  });

  describe('symlink loops', function () {
    const tree = useTree({ 'a/Dockerfile': 'FROM alpine:3.20\nUSER root\n', 'b/compose.yaml': 'services: {}\n', 'c/Dockerfile': 'FROM alpine:3.20\nUSER 10001\n' });
    before(function () {
      if (process.platform === 'win32') this.skip();
      // Folder links a → b → a, and a link to its own parent.
      symlinkSync(join('..', 'b'), join(tree(), 'a', 'to-b'));
      symlinkSync(join('..', 'a'), join(tree(), 'b', 'to-a'));
      symlinkSync('..', join(tree(), 'c', 'parent'));
    });

    it('the folder search ends, each file once', () => {
      const run = bulwark(['scan'], { cwd: tree() });
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /^a\/Dockerfile:2:1 {2}warning {2}root-user/m);
      const { report } = scanJson([], tree());
      assert.deepEqual(report.files.map((file) => file.path), ['a/Dockerfile', 'b/compose.yaml', 'c/Dockerfile']);
    });

    it('a loop named on the command line is searched once, as the folder it leads to', () => {
      const { run, report } = scanJson(['a/to-b/to-a/to-b', 'c/parent/c/parent'], tree());
      assert.equal(run.stderr, '');
      assert.deepEqual(report.files.map((file) => file.path), ['a/to-b/to-a/to-b/compose.yaml', 'c/parent/c/parent/a/Dockerfile', 'c/parent/c/parent/b/compose.yaml', 'c/parent/c/parent/c/Dockerfile']);
    });
  });

  describe('a link loop named like a Dockerfile', function () {
    const tree = useTree({ 'ok/Dockerfile': 'FROM alpine:3.20\nUSER root\n' });
    before(function () {
      if (process.platform === 'win32') this.skip();
      mkdirSync(join(tree(), 'loop'));
      symlinkSync('Dockerfile', join(tree(), 'loop', 'Dockerfile'));
    });

    it('is reported as unreadable, located, and the scan goes on', () => {
      const run = bulwark(['scan'], { cwd: tree() });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^bulwark: could not read loop\/Dockerfile: too many levels of symbolic links$/m);
      assert.match(run.stdout, /^ok\/Dockerfile:2:1 {2}warning {2}root-user/m);
    });
  });

  describe('a FIFO', function () {
    const tree = useTree({
      'app/compose.yaml': 'services:\n  web:\n    build: .\n    env_file: .env\n    privileged: true\n',
      'app/Dockerfile.dev': 'FROM alpine:3.20\nUSER root\n',
      'config/Dockerfile': 'FROM alpine:3.20\nUSER root\n',
    });
    before(function () {
      if (process.platform === 'win32') this.skip();
      // Read the usual way, each would block the scan until something wrote to it: never.
      const fifos = ['app/.env', 'app/Dockerfile', 'app/.dockerignore', 'named/Dockerfile', 'config/.bulwark.yaml'];
      mkdirSync(join(tree(), 'named'));
      for (const fifo of fifos) if (!mkfifo(join(tree(), fifo))) this.skip();
    });

    it('in a folder: reported as not a regular file; the files that refer to one are still checked', () => {
      const run = bulwark(['scan', 'app', 'named'], { cwd: tree() });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^bulwark: could not read app\/Dockerfile: not a regular file$/m);
      assert.match(run.stderr, /^bulwark: could not read named\/Dockerfile: not a regular file$/m);
      assert.match(run.stdout, /^app\/compose\.yaml:5:5 {2}error {4}privileged/m);
      assert.match(run.stdout, /^app\/Dockerfile\.dev:2:1 {2}warning {2}root-user/m);
    });

    it('named on the command line: reported as not a regular file', () => {
      const run = bulwark(['scan', 'named/Dockerfile'], { cwd: tree() });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^bulwark: could not read named\/Dockerfile: not a regular file$/m);
    });

    it('as the configuration file: a usage error, not a hang', () => {
      const run = bulwark(['scan', '.'], { cwd: join(tree(), 'config') });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^bulwark: cannot read the configuration \.bulwark\.yaml: not a regular file$/m);
    });
  });
});
