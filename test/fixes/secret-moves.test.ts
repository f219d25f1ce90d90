import * as assert from 'node:assert/strict';
import { lint } from '../../rules';
import { fixed, fixesOf } from './helpers';

const NPM_TOKEN = 'npm_abcdefghijklmnopqrstuvwxyz0123456789';
const PASSWORD = 's3cr3t-Passw0rd';

describe('quick fixes: secrets moved out of variables', () => {
  describe('secret-in-env in a Dockerfile: a BuildKit secret mount', () => {
    it('removes the first pair of a continued ENV, mounts the secret on the RUN naming it, and adds the syntax line', () => {
      const { text, fix } = fixed(
        'Dockerfile',
        `FROM node:20\nENV NPM_TOKEN=${NPM_TOKEN} \\\n    NODE_ENV=production\nRUN echo "//r/:_authToken=\${NPM_TOKEN}" > .npmrc && npm ci\nRUN npm run build\n`,
        'secret-in-env',
      );
      assert.equal(fix.title, 'Move NPM_TOKEN to a BuildKit secret mount on the RUN (build with --secret id=npm_token,env=NPM_TOKEN)');
      assert.equal(
        text,
        '# syntax=docker/dockerfile:1\nFROM node:20\nENV NODE_ENV=production\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo "//r/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\nRUN npm run build\n',
      );
    });

    it('removes a later pair with its separator, and puts the syntax line above the other directives', () => {
      assert.equal(
        fixed('Dockerfile', `# escape=\`\nFROM node:20\nENV A=1 \`\n    DB_PASSWORD=${PASSWORD} \`\n    B=2\nRUN make\n`, 'secret-in-env').text,
        '# syntax=docker/dockerfile:1\n# escape=`\nFROM node:20\nENV A=1 `\n    B=2\nRUN --mount=type=secret,id=db_password,env=DB_PASSWORD make\n',
      );
    });

    it('removes an ENV that set only the secret, keeps an existing syntax line, and mounts on every later RUN when none names it', () => {
      assert.equal(
        fixed('Dockerfile', `# syntax=docker/dockerfile:1.7\nFROM node:20\nRUN npm -v\nENV NPM_TOKEN=${NPM_TOKEN}\nRUN --mount=type=cache,target=/root/.npm npm ci\nRUN npm test\nCMD ["node"]\n`, 'secret-in-env').text,
        '# syntax=docker/dockerfile:1.7\nFROM node:20\nRUN npm -v\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN --mount=type=cache,target=/root/.npm npm ci\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm test\nCMD ["node"]\n',
      );
    });

    it('keeps CRLF line ends and picks an id not used by another mount', () => {
      assert.equal(
        fixed('Dockerfile', `FROM node:20\r\nRUN --mount=type=secret,id=npm_token true\r\nENV NPM_TOKEN=${NPM_TOKEN}\r\nRUN npm ci\r\n`, 'secret-in-env').text,
        '# syntax=docker/dockerfile:1\r\nFROM node:20\r\nRUN --mount=type=secret,id=npm_token true\r\nRUN --mount=type=secret,id=npm_token_2,env=NPM_TOKEN npm ci\r\n',
      );
    });

    it('offers nothing when no RUN follows: the value is for run time', () => {
      assert.deepEqual(fixesOf('Dockerfile', `FROM postgres:16\nENV POSTGRES_PASSWORD=${PASSWORD}\n`, 'secret-in-env'), []);
    });

    it('moves it to a Compose secret of each service that builds the Dockerfile', () => {
      const dockerfile = `FROM postgres:16\nENV POSTGRES_USER=app POSTGRES_PASSWORD=${PASSWORD}\n`;
      const tree = {
        'file:///p/compose.yaml': 'services:\n  db:\n    build: ./db\n    environment:\n      - PGDATA=/data\n  replica:\n    build:\n      context: db\n',
        'file:///p/.gitignore': 'secrets/\n',
        'file:///p/db/Dockerfile': dockerfile,
      };
      const titles = fixesOf('file:///p/db/Dockerfile', dockerfile, 'secret-in-env', tree).map((f) => f.title);
      assert.deepEqual(titles, [
        'Move POSTGRES_PASSWORD to the Compose secret "postgres_password" of service "db" in compose.yaml (the image must read POSTGRES_PASSWORD_FILE)',
        'Move POSTGRES_PASSWORD to the Compose secret "postgres_password" of service "replica" in compose.yaml (the image must read POSTGRES_PASSWORD_FILE)',
      ]);
      const { text, tree: after } = fixed('file:///p/db/Dockerfile', dockerfile, 'secret-in-env', { tree, title: /service "replica"/ });
      assert.equal(text, 'FROM postgres:16\nENV POSTGRES_USER=app\n');
      assert.deepEqual(after, {
        'file:///p/compose.yaml':
          'services:\n  db:\n    build: ./db\n    environment:\n      - PGDATA=/data\n  replica:\n    environment: {POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password}\n    secrets: [postgres_password]\n    build:\n      context: db\nsecrets:\n  postgres_password:\n    file: ./secrets/postgres_password.txt\n',
        'file:///p/.gitignore': 'secrets/\n',
        'file:///p/db/Dockerfile': dockerfile,
        'file:///p/secrets/postgres_password.txt': PASSWORD,
      });
      const viaDb = fixed('file:///p/db/Dockerfile', dockerfile, 'secret-in-env', { tree, title: /service "db"/ }).tree['file:///p/compose.yaml'];
      assert.equal(viaDb, 'services:\n  db:\n    secrets: [postgres_password]\n    build: ./db\n    environment:\n      - PGDATA=/data\n      - POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password\n  replica:\n    build:\n      context: db\nsecrets:\n  postgres_password:\n    file: ./secrets/postgres_password.txt\n');
    });
  });

  describe('secret-in-env in a Compose file: a Compose secret', () => {
    const tree = { 'file:///p/.gitignore': 'node_modules' };

    it('moves a map-form variable to a secret file, declares and grants the secret, and adds secrets/ to .gitignore', () => {
      const { text, tree: after, fix } = fixed(
        'file:///p/compose.yaml',
        `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${PASSWORD}   # the admin\n      POSTGRES_DB: app\n`,
        'secret-in-env',
        { tree },
      );
      assert.equal(fix.title, 'Move POSTGRES_PASSWORD to the Compose secret "postgres_password" (the image must read POSTGRES_PASSWORD_FILE)');
      assert.equal(
        text,
        'services:\n  db:\n    secrets: [postgres_password]\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password   # the admin\n      POSTGRES_DB: app\nsecrets:\n  postgres_password:\n    file: ./secrets/postgres_password.txt\n',
      );
      assert.deepEqual(after, { 'file:///p/.gitignore': 'node_modules\nsecrets/\n', 'file:///p/secrets/postgres_password.txt': PASSWORD });
    });

    it('moves a quoted list item, appending to the service’s and the top-level secrets in their style; creates .gitignore', () => {
      const { text, tree: after } = fixed(
        'file:///p/compose.yaml',
        `services:\n    db:\n        image: postgres:16\n        secrets:\n            - other\n        environment:\n            - "POSTGRES_PASSWORD=${PASSWORD}"\nsecrets:\n    other:\n        file: ./other.txt\n`,
        'secret-in-env',
      );
      assert.equal(
        text,
        'services:\n    db:\n        image: postgres:16\n        secrets:\n            - other\n            - postgres_password\n        environment:\n            - "POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password"\nsecrets:\n    other:\n        file: ./other.txt\n    postgres_password:\n        file: ./secrets/postgres_password.txt\n',
      );
      assert.deepEqual(after, { 'file:///p/.gitignore': 'secrets/\n', 'file:///p/secrets/postgres_password.txt': PASSWORD });
    });

    it('appends to flow-style lists, keeps CRLF, and leaves a .gitignore that already ignores secrets/ alone', () => {
      const { text, tree: after } = fixed(
        'file:///p/compose.yaml',
        `services:\r\n  api:\r\n    image: app:1\r\n    secrets: [other]\r\n    environment: {API_TOKEN: ${PASSWORD}, MODE: prod}\r\nsecrets: {other: {file: ./other.txt}}\r\n`,
        'secret-in-env',
        { tree: { 'file:///p/.gitignore': '/secrets/\n' } },
      );
      assert.equal(
        text,
        'services:\r\n  api:\r\n    image: app:1\r\n    secrets: [other, api_token]\r\n    environment: {API_TOKEN_FILE: /run/secrets/api_token, MODE: prod}\r\nsecrets: {other: {file: ./other.txt}, api_token: {file: ./secrets/api_token.txt}}\r\n',
      );
      assert.deepEqual(after, { 'file:///p/.gitignore': '/secrets/\n', 'file:///p/secrets/api_token.txt': PASSWORD });
    });

    it('picks ids that no declared secret, secret file or other finding of the file uses', () => {
      const compose = `services:\n  a:\n    image: app:1\n    environment:\n      DB_PASSWORD: ${PASSWORD}\n  b:\n    image: app:1\n    environment:\n      DB_PASSWORD: other-${PASSWORD}\nsecrets:\n  db_password:\n    file: ./db.txt\n`;
      const titles = fixesOf('file:///p/compose.yaml', compose, 'secret-in-env', { 'file:///p/secrets/db_password_2.txt': 'x' }).map((f) => f.title);
      assert.deepEqual(titles, [
        'Move DB_PASSWORD to the Compose secret "db_password_3" (the image must read DB_PASSWORD_FILE)',
        'Move DB_PASSWORD to the Compose secret "db_password_4" (the image must read DB_PASSWORD_FILE)',
      ]);
    });

    it('writes the value Compose reads: $$ is a literal $; a value interpolating a variable is not moved', () => {
      const compose = (value: string) => `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${value}\n`;
      assert.equal(fixed('file:///p/compose.yaml', compose('s3cr3t$$-Passw0rd'), 'secret-in-env').tree['file:///p/secrets/postgres_password.txt'], 's3cr3t$-Passw0rd');
      const interpolated = compose('ghp_EXAMPLEexample0000EXAMPLEexample0000${SUFFIX}');
      assert.equal(lint({ uri: 'file:///p/compose.yaml', text: interpolated }).findings.filter((f) => f.ruleId === 'secret-in-env').length, 1);
      assert.deepEqual(fixesOf('file:///p/compose.yaml', interpolated, 'secret-in-env'), []);
    });

    it('offers nothing without a workspace, or for a value that comes from an anchor', () => {
      const compose = `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${PASSWORD}\n`;
      assert.deepEqual(
        lint({ uri: 'compose.yaml', text: compose }).findings.filter((f) => f.ruleId === 'secret-in-env').flatMap((f) => f.fixes ?? []),
        [],
      );
      assert.deepEqual(fixesOf('file:///p/compose.yaml', `x-env: &env\n  POSTGRES_PASSWORD: ${PASSWORD}\nservices:\n  db:\n    image: postgres:16\n    environment: *env\n`, 'secret-in-env'), []);
    });
  });

  describe('secret-in-arg in a Dockerfile: a BuildKit secret mount', () => {
    it('removes the stage’s ARG and mounts the secret on the RUN that reads it', () => {
      assert.equal(
        fixed('Dockerfile', 'FROM node:20\nARG NPM_TOKEN\nCOPY . .\nRUN echo "//r/:_authToken=$NPM_TOKEN" > .npmrc && npm ci && rm .npmrc\nRUN npm test\n', 'secret-in-arg').text,
        '# syntax=docker/dockerfile:1\nFROM node:20\nCOPY . .\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo "//r/:_authToken=$NPM_TOKEN" > .npmrc && npm ci && rm .npmrc\nRUN npm test\n',
      );
    });
    it('offers nothing for a global ARG: the stages that declare it again are fixed instead', () => {
      const findings = lint({ uri: 'Dockerfile', text: 'ARG NPM_TOKEN\nFROM node:20\nARG NPM_TOKEN\nRUN npm ci\n' }).findings.filter((f) => f.ruleId === 'secret-in-arg');
      assert.deepEqual(findings.map((f) => [f.range.start.line, (f.fixes ?? []).length]), [[0, 0], [2, 1]]);
    });
  });

  describe('secret-in-arg in a Compose file: a build secret', () => {
    const dockerfile = 'FROM node:20 AS deps\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN > .npmrc && npm ci\nFROM node:20\nARG NPM_TOKEN\nRUN npm run build\n';
    it('forwards the variable the argument named, and mounts the secret where each stage declared the ARG', () => {
      const { text, tree, fix } = fixed(
        'file:///p/compose.yaml',
        'services:\n  app:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: ${NPM_TOKEN}\n        MODE: prod\n',
        'secret-in-arg',
        { tree: { 'file:///p/Dockerfile': dockerfile } },
      );
      assert.equal(fix.title, 'Pass NPM_TOKEN as the build secret "npm_token" (build.secrets, and a secret mount in the Dockerfile)');
      assert.equal(text, 'services:\n  app:\n    build:\n      context: .\n      args:\n        MODE: prod\n      secrets: [npm_token]\nsecrets:\n  npm_token:\n    environment: NPM_TOKEN\n');
      assert.deepEqual(tree, {
        'file:///p/Dockerfile':
          '# syntax=docker/dockerfile:1\nFROM node:20 AS deps\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo $NPM_TOKEN > .npmrc && npm ci\nFROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm run build\n',
      });
    });
    it('moves a literal value to a secret file, removing the emptied args, and appends to build.secrets', () => {
      const { text, tree } = fixed(
        'file:///p/compose.yaml',
        `services:\n  app:\n    build:\n      context: .\n      secrets: [other]\n      args: ["NPM_TOKEN=${NPM_TOKEN}"]\nsecrets:\n  other:\n    environment: OTHER\n`,
        'secret-in-arg',
        { tree: { 'file:///p/Dockerfile': dockerfile } },
      );
      assert.equal(text, 'services:\n  app:\n    build:\n      context: .\n      secrets: [other, npm_token]\nsecrets:\n  other:\n    environment: OTHER\n  npm_token:\n    file: ./secrets/npm_token.txt\n');
      assert.equal(tree['file:///p/secrets/npm_token.txt'], NPM_TOKEN);
      assert.equal(tree['file:///p/.gitignore'], 'secrets/\n');
    });
    it('offers nothing when the Dockerfile cannot be read or declares no such ARG', () => {
      const compose = 'services:\n  app:\n    build:\n      context: .\n      args: [NPM_TOKEN]\n';
      assert.deepEqual(fixesOf('file:///p/compose.yaml', compose, 'secret-in-arg'), []);
      assert.deepEqual(fixesOf('file:///p/compose.yaml', compose, 'secret-in-arg', { 'file:///p/Dockerfile': 'FROM node:20\nRUN npm ci\n' }), []);
    });
  });
});
