import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bulwark, useTree } from './helpers';

const COMPOSE = '\uFEFFservices:\r\n  web:\r\n    image: nginx:1.27\r\n    user: root\r\n';
const DOCKERFILE = 'FROM alpine:3.20\nRUN apk add curl\nCMD ["sh"]\n';

describe('bulwark scan --fix', () => {
  describe('without --unsafe-fixes', () => {
    const root = useTree({ 'compose.yaml': COMPOSE, 'Dockerfile': DOCKERFILE });
    it('writes only the safe fixes, and says how many', () => {
      const run = bulwark(['scan', '--fix', '--profile', 'strict', '--fail-on', 'never', '.'], { cwd: root() });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /applied 1 fix in 1 file/);
      assert.equal(readFileSync(join(root(), 'compose.yaml'), 'utf8'), '\uFEFFservices:\r\n  web:\r\n    image: nginx:1.27\r\n    security_opt: ["no-new-privileges:true"]\r\n    user: root\r\n');
      assert.equal(readFileSync(join(root(), 'Dockerfile'), 'utf8'), DOCKERFILE);
    });
  });

  describe('with --unsafe-fixes', () => {
    const root = useTree({ 'compose.yaml': COMPOSE, 'Dockerfile': DOCKERFILE });
    it('writes the fixes, keeping the byte-order mark and line ends, and reports what is left', () => {
      const run = bulwark(['scan', '--fix', '--unsafe-fixes', '--profile', 'strict', '--format', 'json', '--fail-on', 'never', '.'], { cwd: root() });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /applied 5 fixes in 2 files/);
      assert.equal(
        readFileSync(join(root(), 'compose.yaml'), 'utf8'),
        '\uFEFFservices:\r\n  web:\r\n    image: nginx:1.27\r\n    read_only: true\r\n    security_opt: ["no-new-privileges:true"]\r\n    cap_drop: [ALL]\r\n    user: "10001:10001"\r\n',
      );
      assert.equal(readFileSync(join(root(), 'Dockerfile'), 'utf8'), 'FROM alpine:3.20\nRUN apk add curl\nUSER 10001:10001\nCMD ["sh"]\n');
      const report = JSON.parse(run.stdout) as { files: Array<{ findings: Array<{ ruleId: string }> }> };
      const left = report.files.flatMap((file) => file.findings.map((f) => f.ruleId));
      for (const fixedRule of ['cap-drop-missing', 'no-new-privileges-missing', 'root-user', 'writable-root-filesystem']) assert.ok(!left.includes(fixedRule), `${fixedRule} is still reported`);
    });
  });

  describe('moving secrets out of variables', () => {
    const HARDENING = '    read_only: true\n    security_opt: ["no-new-privileges:true"]\n    cap_drop: [ALL]\n';
    const root = useTree({
      'compose.yaml': `services:\n  db:\n${HARDENING}    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-Passw0rd\n  api:\n${HARDENING}    image: app:1\n    environment: [API_TOKEN=s3cr3t-T0ken-value]\n`,
      '.gitignore': 'node_modules',
      'secrets/postgres_password.txt': 'an older secret',
      'Dockerfile': 'FROM node:20\nENV NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789\nRUN npm ci --token=$NPM_TOKEN\nENV DB_PASSWORD=n0de-App-Passw0rd\nUSER 10001:10001\n',
    });
    it('moves each value by what it is for, keeps it in a git-ignored file, adds secrets/ to .gitignore once, overwrites nothing, and lists every file it changed', () => {
      const run = bulwark(['scan', '--fix', '--unsafe-fixes', '--fail-on', 'never', '.'], { cwd: root() });
      assert.equal(run.status, 0, run.stderr);
      const read = (path: string) => readFileSync(join(root(), path), 'utf8');
      // postgres reads POSTGRES_PASSWORD_FILE: a Compose secret; the app keeps reading API_TOKEN, from an env file.
      assert.equal(
        read('compose.yaml'),
        `services:\n  db:\n${HARDENING}    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password_2\n    secrets: [postgres_password_2]\n  api:\n${HARDENING}    image: app:1\n    env_file: [./secrets/api_token.env]\nsecrets:\n  postgres_password_2:\n    file: ./secrets/postgres_password_2.txt\n`,
      );
      assert.equal(read('secrets/postgres_password.txt'), 'an older secret');
      assert.equal(read('secrets/postgres_password_2.txt'), 's3cr3t-Passw0rd');
      assert.equal(read('secrets/api_token.env'), "API_TOKEN='s3cr3t-T0ken-value'\n");
      // The token the RUN reads is a build secret on that RUN; the password no RUN reads leaves the image for run time.
      assert.equal(read('Dockerfile'), '# syntax=docker/dockerfile:1\nFROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --token=$NPM_TOKEN\nUSER 10001:10001\n');
      assert.equal(read('secrets/npm_token.txt'), 'npm_abcdefghijklmnopqrstuvwxyz0123456789');
      assert.equal(read('secrets/db_password.env'), 'DB_PASSWORD=n0de-App-Passw0rd\n');
      assert.equal(read('.gitignore'), 'node_modules\nsecrets/\n');
      assert.equal(
        run.stderr,
        [
          'bulwark: applied 4 fixes in 2 files',
          'bulwark: edited .gitignore',
          'bulwark: edited Dockerfile',
          'bulwark: edited compose.yaml',
          'bulwark: created secrets/api_token.env',
          'bulwark: created secrets/db_password.env',
          'bulwark: created secrets/npm_token.txt',
          'bulwark: created secrets/postgres_password_2.txt',
          '',
        ].join('\n'),
      );
      assert.ok(!run.stdout.includes('s3cr3t'), 'no secret in the report');
    });
  });

  describe('one password in three services, and a node image', () => {
    const root = useTree({
      'compose.yaml': 'services:\n  api:\n    image: ghcr.io/acme/api:1\n    environment:\n      DB_PASSWORD: Sh4red-Passw0rd\n  worker:\n    image: ghcr.io/acme/worker:1\n    environment: [DB_PASSWORD=Sh4red-Passw0rd]\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: Sh4red-Passw0rd\n  mirror:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: Sh4red-Passw0rd\n',
      'Dockerfile': 'FROM node:20\nCOPY . /app\nCMD ["node", "/app/server.js"]\n',
    });
    it('shares one file per value and form, and runs the node image as its node user', () => {
      const run = bulwark(['scan', '--fix', '--unsafe-fixes', '--fail-on', 'never', '.'], { cwd: root() });
      assert.equal(run.status, 0, run.stderr);
      const read = (path: string) => readFileSync(join(root(), path), 'utf8');
      assert.deepEqual(readdirSync(join(root(), 'secrets')).sort(), ['db_password.env', 'db_password.txt']);
      assert.equal(read('secrets/db_password.env'), "DB_PASSWORD='Sh4red-Passw0rd'\n");
      assert.equal(read('secrets/db_password.txt'), 'Sh4red-Passw0rd');
      const compose = read('compose.yaml');
      assert.equal(compose.match(/env_file: \[\.\/secrets\/db_password\.env\]/g)?.length, 2);
      assert.equal(compose.match(/secrets: \[db_password\]/g)?.length, 2);
      assert.equal(compose.match(/file: \.\/secrets\/db_password\.txt/g)?.length, 1);
      assert.doesNotMatch(compose, /Sh4red/);
      assert.equal(read('Dockerfile'), 'FROM node:20\nCOPY . /app\nUSER node\nCMD ["node", "/app/server.js"]\n');
    });
  });

  describe('without --unsafe-fixes, a secret stays where it is', () => {
    const root = useTree({ 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-Passw0rd\n' });
    it('creates no file', () => {
      const run = bulwark(['scan', '--fix', '--fail-on', 'never', '.'], { cwd: root() });
      assert.equal(run.status, 0, run.stderr);
      assert.ok(!existsSync(join(root(), 'secrets')));
      assert.ok(!existsSync(join(root(), '.gitignore')));
      assert.doesNotMatch(run.stderr, /created/);
    });
  });

  describe('--diff', () => {
    const files = {
      'compose.yaml': 'services:\n  db:\n    read_only: true\n    security_opt: ["no-new-privileges:true"]\n    cap_drop: [ALL]\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-Passw0rd\n',
      'Dockerfile': 'FROM node:20\nENV NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789 A=1\nRUN npm ci --token=$NPM_TOKEN\nRUN a\nRUN b\nRUN c\nRUN d\nRUN e\nRUN f\nRUN g\nRUN h\n',
      'clean/compose.yaml': 'services: {}\n',
    };
    const root = useTree(files);
    it('prints a patch that git apply accepts and that shows no secret: what would show one is left out, and the patch says so; writes nothing; exits with 1', () => {
      const run = bulwark(['scan', '--diff', '--unsafe-fixes', '.'], { cwd: root() });
      assert.equal(run.status, 1, run.stderr);
      assert.equal(
        run.stdout,
        [
          '# Left out of this patch, so that it shows no secret (bulwark scan --fix --unsafe-fixes makes them):',
          '#   1 change to Dockerfile, which would show a secret',
          '#   the new file secrets/npm_token.txt, which holds a secret',
          '#   1 change to compose.yaml, which would show a secret',
          '#   the new file secrets/postgres_password.txt, which holds a secret',
          '--- a/Dockerfile',
          '+++ b/Dockerfile',
          '@@ -9,3 +9,4 @@',
          ' RUN f',
          ' RUN g',
          ' RUN h',
          '+USER node',
          '--- /dev/null',
          '+++ b/.gitignore',
          '@@ -0,0 +1 @@',
          '+secrets/',
          '',
        ].join('\n'),
      );
      assert.doesNotMatch(run.stdout, /s3cr3t|abcdefghij/);
      assert.match(run.stderr, /would have applied 3 fixes in 2 files\n/);
      for (const [path, content] of Object.entries(files)) assert.equal(readFileSync(join(root(), path), 'utf8'), content);
      assert.ok(!existsSync(join(root(), 'secrets')));
      // The patch applies to the files as they are.
      execFileSync('git', ['init', '-q'], { cwd: root() });
      const patch = join(root(), '..', `${basename(root())}.patch`);
      writeFileSync(patch, run.stdout);
      try {
        execFileSync('git', ['apply', '--check', patch], { cwd: root(), encoding: 'utf8' });
      } finally {
        rmSync(patch);
        rmSync(join(root(), '.git'), { recursive: true, force: true });
      }
    });
    it('prints nothing and exits with 0 when there is nothing to fix', () => {
      const run = bulwark(['scan', '--diff', 'clean'], { cwd: root() });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, '');
    });
  });

  it('--unsafe-fixes alone is a usage error', () => {
    const run = bulwark(['scan', '--unsafe-fixes', '.']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--unsafe-fixes goes with --fix or --diff/);
  });
});
