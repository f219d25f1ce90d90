import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bulwark, DIGEST, HARDENING, parseSarif, sarifSchemaErrors, scanJson, useTree } from './helpers';

/** Deterministic bytes covering every value, NUL and invalid UTF-8 sequences included. */
function junkBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 0x2545f491;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

const MB = 1024 * 1024;

describe('bulwark scan: file contents', () => {
  describe('encodings and line endings', () => {
    const tree = useTree({
      'bom/Dockerfile': '\uFEFFFROM ubuntu:latest\nUSER 10001\n',
      'bom/compose.yaml': `\uFEFFservices:\n  web:\n    image: redis:latest\n    cap_drop: [ALL]\n${HARDENING}`,
      'crlf/Dockerfile': 'FROM alpine:3.20\r\nWORKDIR /app\r\nUSER root\r\n',
      'wide/Dockerfile': 'FROM alpine:3.20\nENV GREETING=🐳 API_TOKEN=example-token-value-1234\nUSER 10001\n',
      'empty/Dockerfile': '',
      'empty/compose.yaml': '',
    });

    it('drops a byte-order mark, so columns are the ones editors show', () => {
      const { report } = scanJson(['bom'], tree());
      const places = report.files.flatMap((file) => file.findings.filter((f) => f.ruleId === 'image-latest-tag').map((f) => `${file.path}:${f.line}:${f.column}-${f.endLine}:${f.endColumn}`));
      assert.deepEqual(places, ['bom/Dockerfile:1:6-1:19', 'bom/compose.yaml:3:12-3:24']);
    });

    it('handles Windows line endings', () => {
      const run = bulwark(['scan', 'crlf'], { cwd: tree() });
      assert.equal(run.status, 0);
      assert.match(run.stdout, /^crlf\/Dockerfile:3:1 {2}warning {2}root-user {2}/m);
      const { report } = scanJson(['crlf'], tree());
      assert.deepEqual(report.files[0].findings.filter((f) => f.ruleId === 'root-user').map((f) => [f.line, f.column, f.endLine, f.endColumn]), [[3, 1, 3, 10]]);
    });

    it('counts columns in UTF-16 code units', () => {
      const { report } = scanJson(['wide'], tree());
      const [finding] = report.files[0].findings.filter((f) => f.ruleId === 'secret-in-env');
      // "ENV GREETING=🐳 " is 16 code units: the whale is two.
      assert.deepEqual([finding.line, finding.column, finding.range.start.character], [2, 17, 16]);
    });

    it('scans empty files without a finding', () => {
      const run = bulwark(['scan', 'empty'], { cwd: tree() });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, 'No findings; 2 files scanned\n');
      assert.equal(run.stderr, '');
    });
  });

  describe('binary junk and huge files', () => {
    const tree = useTree({
      'junk/Dockerfile': junkBytes(64 * 1024),
      'junk/compose.yaml': junkBytes(64 * 1024),
      // Over the engine's 4 MB limit: the engine reports it.
      'large/compose.yaml': `services: {}\n${'#'.repeat(5 * MB)}\n`,
      // Far over it: the CLI does not even read it.
      'huge/Dockerfile': Buffer.alloc(13 * MB, 'A'),
    });

    it('reports parse errors in binary junk, and does not crash', () => {
      const { run, report } = scanJson(['junk'], tree());
      assert.equal(run.stderr, '');
      assert.equal(run.status, 1);
      assert.equal(report.summary.filesScanned, 2);
      for (const file of report.files) assert.ok(file.findings.some((f) => f.ruleId === 'parse-error'), `${file.path}: ${JSON.stringify(file.findings)}`);
      for (const format of ['text', 'sarif']) assert.equal(bulwark(['scan', 'junk', '--format', format], { cwd: tree() }).status, 1);
    });

    it('reports one file-too-large finding for a file over the size limit', () => {
      const { run, report } = scanJson(['large', 'huge'], tree());
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(
        report.files.map((file) => [file.path, file.findings.map((f) => `${f.ruleId} ${f.severity} ${f.line}:${f.column}`)]),
        [
          ['huge/Dockerfile', ['file-too-large info 1:1']],
          ['large/compose.yaml', ['file-too-large info 1:1']],
        ],
      );
      assert.match(report.files[0].findings[0].message, /13\.0 MB/);
      assert.match(report.files[1].findings[0].message, /5\.0 MB/);
    });
  });

  describe('files that cannot be read', () => {
    const tree = useTree({
      'ok/compose.yaml': `services:\n  db:\n    image: postgres:16@${DIGEST}\n    environment:\n      POSTGRES_PASSWORD: example-password\n${HARDENING}`,
    });
    before(function () {
      if (process.platform === 'win32') this.skip();
      mkdirSync(join(tree(), 'broken'));
      symlinkSync('vanished-Dockerfile', join(tree(), 'broken', 'Dockerfile'));
      mkdirSync(join(tree(), 'pipe'));
      const mkfifo = spawnSync('mkfifo', [join(tree(), 'pipe', 'compose.yaml')]);
      if (mkfifo.status !== 0) this.skip();
    });

    it('reports each on stderr, goes on with the others, and exits with 2', () => {
      const run = bulwark(['scan'], { cwd: tree() });
      assert.equal(run.status, 2, 'an unchecked file fails the scan even though findings would give 1');
      assert.match(run.stderr, /^bulwark: could not read broken\/Dockerfile: no such file \(a broken link, or removed during the scan\)$/m);
      assert.match(run.stderr, /^bulwark: could not read pipe\/compose\.yaml: not a regular file$/m);
      assert.match(run.stdout, /^ok\/compose\.yaml:5:7 {2}error {4}secret-in-env {2}/m);
      assert.match(run.stdout, /; 1 file scanned, 2 unreadable\n$/);
    });

    it('lists them in the JSON and SARIF reports', () => {
      const { run, report } = scanJson([], tree());
      assert.equal(run.status, 2);
      assert.deepEqual(report.unreadable.map((problem) => problem.path), ['broken/Dockerfile', 'pipe/compose.yaml']);
      assert.equal(report.summary.unreadable, 2);
      assert.equal(report.summary.errors, 1);

      const sarifRun = bulwark(['scan', '--format', 'sarif'], { cwd: tree() });
      assert.equal(sarifRun.status, 2);
      const log = parseSarif(sarifRun.stdout);
      assert.deepEqual(sarifSchemaErrors(log), []);
      const [invocation] = log.runs[0].invocations ?? [];
      assert.equal(invocation.executionSuccessful, false);
      assert.deepEqual(
        invocation.toolExecutionNotifications?.map((n) => [n.level, n.locations?.[0].physicalLocation?.artifactLocation?.uri]),
        [
          ['error', 'broken/Dockerfile'],
          ['error', 'pipe/compose.yaml'],
        ],
      );
      assert.deepEqual(log.runs[0].results?.map((result) => result.ruleId), ['cap-drop-missing', 'secret-in-env']);
    });

    it('reports a file and a folder without read permission', function () {
      // root reads everything regardless of permissions.
      if (process.getuid?.() === 0) this.skip();
      const locked = makeLockedFolder(tree());
      try {
        const run = bulwark(['scan', 'locked'], { cwd: tree() });
        assert.equal(run.status, 2);
        assert.match(run.stderr, /^bulwark: could not read locked\/Dockerfile: permission denied$/m);
        assert.match(run.stderr, /^bulwark: could not read locked\/private: permission denied$/m);
      } finally {
        locked.unlock();
      }
    });
  });
});

/** locked/Dockerfile and locked/private/ without any permission, until unlocked. */
function makeLockedFolder(root: string) {
  const folder = join(root, 'locked');
  mkdirSync(join(folder, 'private'), { recursive: true });
  writeFileSync(join(folder, 'Dockerfile'), 'FROM alpine:3.20\n');
  chmodSync(join(folder, 'Dockerfile'), 0o000);
  chmodSync(join(folder, 'private'), 0o000);
  return {
    unlock() {
      chmodSync(join(folder, 'Dockerfile'), 0o644);
      chmodSync(join(folder, 'private'), 0o755);
    },
  };
}
