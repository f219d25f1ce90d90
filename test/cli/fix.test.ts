import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
      assert.equal(readFileSync(join(root(), 'compose.yaml'), 'utf8'), '\uFEFFservices:\r\n  web:\r\n    security_opt: ["no-new-privileges:true"]\r\n    image: nginx:1.27\r\n    user: root\r\n');
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
        '\uFEFFservices:\r\n  web:\r\n    read_only: true\r\n    security_opt: ["no-new-privileges:true"]\r\n    cap_drop: [ALL]\r\n    image: nginx:1.27\r\n    user: "10001:10001"\r\n',
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
      'Dockerfile': 'FROM node:20\nENV NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789\nRUN npm ci\nUSER 10001:10001\n',
    });
    it('creates the secret files, adds secrets/ to .gitignore once, overwrites nothing, and says what it did', () => {
      const run = bulwark(['scan', '--fix', '--unsafe-fixes', '--fail-on', 'never', '.'], { cwd: root() });
      assert.equal(run.status, 0, run.stderr);
      const read = (path: string) => readFileSync(join(root(), path), 'utf8');
      assert.equal(
        read('compose.yaml'),
        `services:\n  db:\n    secrets: [postgres_password_2]\n${HARDENING}    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password_2\n  api:\n    secrets: [api_token]\n${HARDENING}    image: app:1\n    environment: [API_TOKEN_FILE=/run/secrets/api_token]\nsecrets:\n  postgres_password_2:\n    file: ./secrets/postgres_password_2.txt\n  api_token:\n    file: ./secrets/api_token.txt\n`,
      );
      assert.equal(read('secrets/postgres_password.txt'), 'an older secret');
      assert.equal(read('secrets/postgres_password_2.txt'), 's3cr3t-Passw0rd');
      assert.equal(read('secrets/api_token.txt'), 's3cr3t-T0ken-value');
      assert.equal(read('.gitignore'), 'node_modules\nsecrets/\n');
      assert.equal(read('Dockerfile'), '# syntax=docker/dockerfile:1\nFROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\nUSER 10001:10001\n');
      assert.match(run.stderr, /applied 3 fixes in 2 files\nbulwark: created secrets\/postgres_password_2.txt\nbulwark: edited .gitignore\nbulwark: created secrets\/api_token.txt\n/);
      assert.ok(!run.stdout.includes('s3cr3t'), 'no secret in the report');
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
      'Dockerfile': 'FROM node:20\nENV NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789 A=1\nRUN npm ci\nUSER 10001:10001\n',
      'clean/compose.yaml': 'services: {}\n',
    };
    const root = useTree(files);
    it('prints the fixes as a unified diff, secrets redacted, writes nothing, and exits with 1', () => {
      const run = bulwark(['scan', '--diff', '--unsafe-fixes', '.'], { cwd: root() });
      assert.equal(run.status, 1, run.stderr);
      assert.equal(
        run.stdout,
        [
          '--- a/Dockerfile',
          '+++ b/Dockerfile',
          '@@ -1,4 +1,5 @@',
          '+# syntax=docker/dockerfile:1',
          ' FROM node:20',
          '-ENV NPM_TOKEN=npm_********************************6789 A=1',
          '-RUN npm ci',
          '+ENV A=1',
          '+RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci',
          ' USER 10001:10001',
          '--- a/compose.yaml',
          '+++ b/compose.yaml',
          '@@ -1,8 +1,12 @@',
          ' services:',
          '   db:',
          '+    secrets: [postgres_password]',
          '     read_only: true',
          '     security_opt: ["no-new-privileges:true"]',
          '     cap_drop: [ALL]',
          '     image: postgres:16',
          '     environment:',
          '-      POSTGRES_PASSWORD: s3*************',
          '+      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password',
          '+secrets:',
          '+  postgres_password:',
          '+    file: ./secrets/postgres_password.txt',
          '--- /dev/null',
          '+++ b/secrets/postgres_password.txt',
          '@@ -0,0 +1,1 @@',
          '+s3*************',
          '\\ No newline at end of file',
          '--- /dev/null',
          '+++ b/.gitignore',
          '@@ -0,0 +1,1 @@',
          '+secrets/',
          '',
        ].join('\n'),
      );
      assert.match(run.stderr, /would have applied 2 fixes in 2 files\nbulwark: would have created secrets\/postgres_password.txt\nbulwark: would have created .gitignore\n/);
      for (const [path, content] of Object.entries(files)) assert.equal(readFileSync(join(root(), path), 'utf8'), content);
      assert.ok(!existsSync(join(root(), 'secrets')));
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
