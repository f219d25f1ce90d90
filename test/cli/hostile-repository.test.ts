import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diskWorkspace, folderUri, MAX_BYTES_READ, realRoots } from '../../disk/workspace';
import { PendingChanges } from '../../cli/fix-files';
import type { JsonReport } from '../../cli/formats/json';
import { bulwark, HARDENING, type BulwarkRun } from './helpers';

/**
 * The attacks of a repository written to turn Bulwark against its user (docs/security.md), each
 * through the real CLI: the repository is built in a temporary folder, the victim (files of the
 * user, the CI's environment) beside it.
 */

interface Site {
  /** The hostile repository: the current folder of the scan. */
  repo: string;
  /** A folder of the user's beside it. */
  victim: string;
}

const POSIX = process.platform !== 'win32';
/** The temporary folders made, removed after the tests. */
const sites: string[] = [];

function site(repoFiles: Record<string, string>, victimFiles: Record<string, string> = {}): Site {
  const base = mkdtempSync(join(tmpdir(), 'bulwark-hostile-'));
  sites.push(base);
  const repo = join(base, 'repo');
  const victim = join(base, 'victim');
  for (const [root, files] of [[repo, repoFiles], [victim, victimFiles]] as const) {
    mkdirSync(root, { recursive: true });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  }
  return { repo, victim };
}

/** Every entry under a folder: a file's content hash and mode, a link's target. */
function snapshot(folder: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const name of readdirSync(join(folder, relative))) {
      const path = join(relative, name);
      const stats = lstatSync(join(folder, path));
      if (stats.isSymbolicLink()) entries[path] = `link ${readlinkSync(join(folder, path))}`;
      else if (stats.isDirectory()) walk(path);
      else entries[path] = `${(stats.mode & 0o777).toString(8)} ${createHash('sha256').update(readFileSync(join(folder, path))).digest('hex')}`;
    }
  };
  walk('');
  return entries;
}

function scanAll(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Record<'text' | 'json' | 'sarif', BulwarkRun> {
  return {
    text: bulwark(['scan', ...args], { cwd, env }),
    json: bulwark(['scan', '--format', 'json', ...args], { cwd, env }),
    sarif: bulwark(['scan', '--format', 'sarif', ...args], { cwd, env }),
  };
}

function assertNowhere(runs: Record<string, BulwarkRun>, secret: string): void {
  for (const [format, run] of Object.entries(runs)) {
    assert.ok(!run.stdout.includes(secret), `${format} output shows the secret:\n${run.stdout}`);
    assert.ok(!run.stderr.includes(secret), `${format} standard error shows the secret:\n${run.stderr}`);
  }
}

function noStackTrace(run: BulwarkRun): void {
  assert.doesNotMatch(run.stderr, /^\s+at /m, run.stderr);
}

describe('a hostile repository', function () {
  this.timeout(120_000);

  describe('1. the CI secrets are never printed', () => {
    it('a .env linked to the process environment is not read: no variable of the CI reaches the report', function () {
      if (process.platform !== 'linux') this.skip();
      const { repo } = site({ 'compose.yaml': 'services:\n  app:\n    image: "reg/app:1.0"\n    network_mode: "container:${CI_CLOUD_KEY}"\n' });
      symlinkSync('/proc/self/environ', join(repo, '.env'));
      const runs = scanAll(repo, [], { CI_CLOUD_KEY: 'ci-cloud-key-5d1e7c0b9a' });
      assertNowhere(runs, 'ci-cloud-key-5d1e7c0b9a');
      assertNowhere(runs, 'i-cloud-key');
    });

    it("a plain .env's values never appear, in any format", () => {
      const { repo } = site({ '.env': 'DB_PASSWORD=hunter2-correct-horse\nNET=db-host-secret-name\n', 'compose.yaml': 'services:\n  app:\n    image: "reg/app:${DB_PASSWORD}"\n    network_mode: "container:${NET}"\n' });
      const runs = scanAll(repo, ['--profile', 'strict']);
      assert.match(runs.text.stdout, /image-not-pinned-by-digest/);
      assert.match(runs.text.stdout, /host-namespace/);
      assertNowhere(runs, 'hunter2-correct-horse');
      assertNowhere(runs, 'correct-horse');
      assertNowhere(runs, 'db-host-secret-name');
    });

    it("passwords in URLs (ADD, daemon.json's insecure-registries, --insecure-registry in a unit file) are redacted", () => {
      const { repo } = site({
        Dockerfile: 'FROM alpine:3.20\nADD https://user:Url-Pa55word-41@files.example.com/tool.tgz /opt/\nUSER 10001\n',
        'daemon.json': '{ "insecure-registries": ["http://admin:Url-Pa55word-42@registry.example.com"] }\n',
        'docker.service': '[Service]\nExecStart=/usr/bin/dockerd --insecure-registry=http://admin:Url-Pa55word-43@mirror.example.com\n',
      });
      const runs = scanAll(repo);
      assert.match(runs.text.stdout, /daemon-insecure-registry/);
      for (const n of [41, 42, 43]) assertNowhere(runs, `Url-Pa55word-${n}`);
    });
  });

  describe('2. no write outside the scanned folders, nor through a link', () => {
    it('--fix leaves the victim untouched: links to it, build contexts and Dockerfiles named outside', function () {
      if (!POSIX) this.skip();
      const victimDockerfile = 'FROM alpine:3.20\nENV API_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\nRUN echo $API_TOKEN\n';
      const { repo, victim } = site(
        {
          'compose.yaml': `services:\n  app:\n    image: "reg/app:1.0"\n    environment:\n      DB_PASSWORD: "s3cret-Value-2024"\n${HARDENING}  outer:\n    build:\n      context: ../victim\n${HARDENING}  absolute:\n    build:\n      context: .\n      dockerfile: ABSOLUTE\n${HARDENING}`,
        },
        { Dockerfile: victimDockerfile, 'Dockerfile.abs': victimDockerfile, gitignore: 'node_modules/\n', bin: 'precious binary\n', 'secrets-dir/keep': 'kept\n' },
      );
      writeFileSync(join(repo, 'compose.yaml'), readFileSync(join(repo, 'compose.yaml'), 'utf8').replace('ABSOLUTE', join(victim, 'Dockerfile.abs')));
      symlinkSync(join(victim, 'gitignore'), join(repo, '.gitignore'));
      symlinkSync(join(victim, 'secrets-dir'), join(repo, 'secrets'));
      mkdirSync(join(repo, 'svc'));
      symlinkSync(join(victim, 'Dockerfile'), join(repo, 'svc', 'Dockerfile'));
      const before = snapshot(victim);
      const run = bulwark(['scan', '--fix', '--unsafe-fixes'], { cwd: repo });
      noStackTrace(run);
      assert.deepEqual(snapshot(victim), before);
      assert.match(run.stderr, /could not read svc\/Dockerfile: outside the scanned folders/);
      // The secret is still where it was: nothing removed it before it was saved.
      assert.match(readFileSync(join(repo, 'compose.yaml'), 'utf8'), /DB_PASSWORD: "s3cret-Value-2024"/);
      assert.equal(run.status, 2);
    });
  });

  describe('3. the gate cannot be bypassed', () => {
    it('variables that double each other are bounded: the rules still run and the scan still fails', () => {
      const doubling = Array.from({ length: 40 }, (_, i) => (i === 0 ? 'V0=xxxxxxxxxxxxxxxx' : `V${i}=\${V${i - 1}}\${V${i - 1}}`)).join('\n');
      const { repo } = site({ '.env': `${doubling}\n`, 'compose.yaml': 'services:\n  app:\n    image: "reg/app:${V39}"\n    privileged: true\n    environment:\n      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n' });
      const run = bulwark(['scan', '--format', 'json'], { cwd: repo });
      const findings = (JSON.parse(run.stdout) as JsonReport).files[0].findings;
      assert.deepEqual(findings.filter((f) => f.ruleId === 'internal-error'), []);
      assert.ok(findings.some((f) => f.ruleId === 'privileged' && f.severity === 'error'));
      assert.equal(run.status, 1);
    });
  });

  describe('4. --diff never shows a multi-line secret', () => {
    it('a private key in a YAML block scalar and in a continued ENV is redacted on every line', () => {
      const body = ['MIIEowIBAAKCAQEAwJ7q0n3lC5i2Ab8Vx9mYqL1sKp0Tt4ZrWbN6hG2fD3eE1cX', 'Qm8sR4vN2pL7kJ9hG5fD3sA1zX0cV8bN6mQ4wE2rT5yU7iO9pL3kJ1hG8fD6sA2', 'zX5cV9bN3mQ7wE1rT4yU6iO8pL2kJ0hG9fD5sA3zX6cV2bN8mQ1wE3rT7yU5iO0'];
      const pem = ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----'];
      const { repo } = site({
        'compose.yaml': `services:\n  app:\n    image: "reg/app:1.0"\n    environment:\n      TLS_PRIVATE_KEY: |\n${pem.map((line) => `        ${line}`).join('\n')}\n${HARDENING}`,
        Dockerfile: `FROM alpine:3.20\nENV SIGNING_KEY="${pem.join('\\n\\\n')}"\nRUN sign --key "$SIGNING_KEY"\nUSER 10001\n`,
      });
      const run = bulwark(['scan', '--diff', '--unsafe-fixes'], { cwd: repo });
      assert.equal(run.status, 1, run.stderr);
      // The changes that would show the key are left out of the patch, which says so.
      assert.match(run.stdout, /^# Left out of this patch, so that it shows no secret/m);
      assert.match(run.stdout, /^# {3}\d+ changes? to compose\.yaml, which would show a secret$/m);
      for (const line of body) assert.ok(!run.stdout.includes(line.slice(8, 40)), `the diff shows a line of the key:\n${run.stdout}`);
    });
  });

  describe('5. reads are bounded whatever size a file reports', () => {
    it('/proc/self/pagemap named as a Dockerfile, an extended file and a .env; /dev/zero as a trust key', function () {
      if (process.platform !== 'linux') this.skip();
      const { repo } = site({
        'compose.yaml': `services:\n  app:\n    build:\n      context: .\n      dockerfile: /proc/self/pagemap\n${HARDENING}  ext:\n    extends:\n      file: /proc/self/pagemap\n      service: app\n${HARDENING}`,
        'user.yaml': 'trust:\n  keys:\n    - { scope: "**", key: /dev/zero }\n',
        Dockerfile: 'FROM alpine:3.20\nUSER 10001\n',
      });
      symlinkSync('/proc/self/pagemap', join(repo, '.env'));
      const run = bulwark(['scan', '--config', 'user.yaml', '--online', '--registry-map', 'docker.io=http://127.0.0.1:9', '--fail-on', 'never'], { cwd: repo });
      assert.notEqual(run.status, null, 'the scan did not finish');
      noStackTrace(run);
      assert.match(run.stderr, /the trust key "\/dev\/zero" cannot be read: not a regular file/);
    });
  });

  describe('6. globs that would stall are refused, located', () => {
    const stall = 'a*a*a*a*a*a*a*a*a*a*b';
    const longName = 'a'.repeat(200);

    it('in .bulwark.yaml ignore', () => {
      const { repo } = site({ '.bulwark.yaml': `ignore:\n  - "${stall}"\n`, [`${longName}/Dockerfile`]: 'FROM alpine:3.20\nUSER root\n' });
      const run = bulwark(['scan', '--format', 'json'], { cwd: repo });
      assert.match(run.stderr, /^bulwark: \.bulwark\.yaml:2:5: error: "a\*a\*a.*" is refused: it has 10 wildcards \* in one path segment/m);
      assert.equal((JSON.parse(run.stdout) as JsonReport).files.length, 1);
    });

    it('in .dockerignore, and a .dockerignore of megabytes', () => {
      for (const dockerignore of [`${stall}\n`, 'node_modules\n'.repeat(400_000)]) {
        const { repo } = site({ '.dockerignore': dockerignore, Dockerfile: 'FROM alpine:3.20\nCOPY . /app\nUSER 10001\n', [`${longName}/x`]: '' });
        const run = bulwark(['scan', '--format', 'json'], { cwd: repo });
        const refused = (JSON.parse(run.stdout) as JsonReport).files[0].findings.find((f) => f.ruleId === 'secret-in-build-context');
        assert.match(refused?.message ?? '', /^Bulwark did not use \.dockerignore: (the pattern on line 1 is refused|it is larger than the 64 KB Bulwark reads)/);
        assert.equal(refused?.related[0]?.path, '.dockerignore');
      }
    });
  });

  describe('7. a secret is saved before it is removed', () => {
    const compose = `services:\n  app:\n    image: "reg/app:1.0"\n    environment:\n      DB_PASSWORD: "s3cret-Value-2024"\n${HARDENING}`;

    it('a dangling link named secrets: the fix is not applied, the link and the Compose file are left as they were', function () {
      if (!POSIX) this.skip();
      const { repo } = site({ 'compose.yaml': compose });
      symlinkSync('nowhere', join(repo, 'secrets'));
      const run = bulwark(['scan', '--fix', '--unsafe-fixes'], { cwd: repo });
      noStackTrace(run);
      assert.match(run.stderr, /^bulwark: did not fix compose\.yaml: fixes not applied: secrets\/db_password\.env: /m);
      assert.match(readFileSync(join(repo, 'compose.yaml'), 'utf8'), /^ {6}DB_PASSWORD: "s3cret-Value-2024"$/m);
      assert.equal(readlinkSync(join(repo, 'secrets')), 'nowhere');
      assert.equal(run.status, 1);
    });

    it('when the secret file cannot be written after all (its folder became a file meanwhile), nothing is edited and each file not written is named', () => {
      const { repo } = site({ 'compose.yaml': compose });
      const roots = realRoots([repo]);
      const pending = new PendingChanges(diskWorkspace([folderUri(repo)], MAX_BYTES_READ), roots);
      const composePath = join(repo, 'compose.yaml');
      pending.setText(composePath, compose, '', compose.replace('DB_PASSWORD: "s3cret-Value-2024"', 'DB_PASSWORD_FILE: /run/secrets/db_password'));
      pending.apply([{ kind: 'create', uri: pathToFileURL(join(repo, 'secrets', 'db_password.txt')).href, text: 's3cret-Value-2024', secret: true }]);
      writeFileSync(join(repo, 'secrets'), 'appeared after the plan\n');
      const unwritten = pending.writeAll((path) => relative(repo, path).split(sep).join('/'));
      assert.deepEqual(unwritten.map((file) => file.path), ['secrets/db_password.txt', 'compose.yaml']);
      assert.equal(unwritten[1].reason, 'not edited: a file its fixes create could not be written');
      assert.equal(readFileSync(composePath, 'utf8'), compose);
    });

    it('when no secret file can be made there (a file named secrets), the fix is not applied', () => {
      const { repo } = site({ 'compose.yaml': compose, secrets: 'a file, not a folder\n' });
      const run = bulwark(['scan', '--fix', '--unsafe-fixes'], { cwd: repo });
      noStackTrace(run);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /^bulwark: did not fix compose\.yaml: fixes not applied: secrets\/db_password\.env: a part of its path is a file, not a folder$/m);
      // Other fixes of an earlier pass may be written; the secret stays.
      const after = readFileSync(join(repo, 'compose.yaml'), 'utf8');
      assert.match(after, /^ {6}DB_PASSWORD: "s3cret-Value-2024"$/m);
      assert.doesNotMatch(after, /secrets/);
    });

    it('a secret file is created readable by its owner alone', function () {
      if (!POSIX) this.skip();
      const { repo } = site({ 'compose.yaml': `services:\n  app:\n    image: "reg/app:1.0"\n    environment:\n      DB_PASSWORD: "s3cret-Value-2024"\n${HARDENING}` });
      const run = bulwark(['scan', '--fix', '--unsafe-fixes'], { cwd: repo });
      noStackTrace(run);
      // A generic image: the value moves to an env file Compose reads, under the name the program reads.
      assert.equal(statSync(join(repo, 'secrets', 'db_password.env')).mode & 0o077, 0);
    });
  });

  describe('8. the output is bounded', () => {
    it('past 20,000 findings in one scan, each file keeps one finding that counts the rest', () => {
      const services = Array.from({ length: 130 }, (_, i) => `  s${i}:\n    image: reg/s${i}:1.0\n`).join('');
      const files = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${String(i).padStart(2, '0')}/compose.yaml`, `services:\n${services}`]));
      const { repo } = site(files);
      // The strict profile's advice: about eight findings per service.
      const run = bulwark(['scan', '--format', 'json', '--fail-on', 'never', '--profile', 'strict'], { cwd: repo });
      const report = JSON.parse(run.stdout) as JsonReport;
      const all = report.files.flatMap((file) => file.findings);
      assert.ok(all.filter((f) => f.ruleId !== 'too-many-findings').length <= 20_000);
      assert.ok(all.some((f) => f.ruleId === 'too-many-findings' && /for one scan/.test(f.message)));
      assert.equal(report.files.length, 21);
    });
  });

  describe('9. the repository does not steer the network', () => {
    it("its .bulwark.yaml cannot add insecure registries, a registry map or trust keys; the user's --config can", () => {
      const widening = 'online:\n  insecureRegistries: [evil.example.com]\n  registryMap: { docker.io: "http://127.0.0.1:7" }\ntrust:\n  keys:\n    - { scope: "**", key: key.pub }\n';
      const { repo } = site({ '.bulwark.yaml': widening, Dockerfile: 'FROM alpine:3.20\nUSER 10001\n' });
      const run = bulwark(['scan', '--online', '--registry-map', 'docker.io=http://127.0.0.1:9', '--fail-on', 'never'], { cwd: repo });
      for (const key of ['online.insecureRegistries', 'online.registryMap', 'trust.keys']) {
        assert.match(run.stderr, new RegExp(`^bulwark: \\.bulwark\\.yaml: ${key.replace('.', '\\.')} is ignored: the repository's configuration may not widen`, 'm'));
      }
      const own = bulwark(['scan', '--config', '.bulwark.yaml', '--online', '--registry-map', 'docker.io=http://127.0.0.1:9', '--fail-on', 'never'], { cwd: repo });
      assert.doesNotMatch(own.stderr, /is ignored/);
    });

    it('its .bulwark.yaml may turn the network off', () => {
      const { repo } = site({ '.bulwark.yaml': 'online:\n  registry: false\n', Dockerfile: 'FROM alpine:3.20\nUSER 10001\n' });
      const run = bulwark(['scan', '--online', '--fail-on', 'never'], { cwd: repo });
      assert.match(run.stderr, /^bulwark: \.bulwark\.yaml: online\.registry is false: the registries are not asked$/m);
    });
  });

  describe('10. smaller', () => {
    it('a secret name that YAML would misread is quoted where a fix writes it', () => {
      const { repo } = site({ 'compose.yaml': `services:\n  app:\n    image: "reg/app:1.0"\n    environment:\n      "#DB_PASSWORD": "s3cret-Value-2024"\n${HARDENING}` });
      const run = bulwark(['scan', '--fix', '--unsafe-fixes', '--fail-on', 'never'], { cwd: repo });
      noStackTrace(run);
      const compose = readFileSync(join(repo, 'compose.yaml'), 'utf8');
      assert.match(compose, /^ {6}"#DB_PASSWORD_FILE": \/run\/secrets\/db_password$/m);
    });

    it('a newline in a folder name cannot forge a line on standard error or in the text report', function () {
      if (!POSIX) this.skip();
      const { repo } = site({ 'x\nbulwark: all clear/Dockerfile': 'FROM alpine:3.20\nUSER root\n' });
      const run = bulwark(['scan', '--fix'], { cwd: repo });
      assert.doesNotMatch(run.stderr, /^bulwark: all clear/m);
      assert.doesNotMatch(run.stdout, /^bulwark: all clear/m);
      assert.match(run.stdout, /^x\\nbulwark: all clear\/Dockerfile:2:1  warning  root-user/m);
    });
  });

  after(() => {
    for (const base of sites.splice(0)) rmSync(base, { recursive: true, force: true });
  });
});
