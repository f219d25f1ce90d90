import * as assert from 'node:assert/strict';
import { lint } from '../../rules';
import { fixed, fixesOf, workspaceOf } from './helpers';

const NPM_TOKEN = 'npm_abcdefghijklmnopqrstuvwxyz0123456789';
const PASSWORD = 's3cr3t-Passw0rd';

describe('quick fixes: secrets moved out of variables', () => {
  describe('secret-in-env in a Dockerfile: a build secret when a RUN reads it, else a value for run time', () => {
    const D = 'file:///p/Dockerfile';

    it('removes the first pair of a continued ENV, mounts the secret on the RUN reading it only, keeps the value, and adds the syntax line', () => {
      const { text, fix, tree } = fixed(
        D,
        `FROM node:20\nENV NPM_TOKEN=${NPM_TOKEN} \\\n    NODE_ENV=production\nRUN echo "//r/:_authToken=\${NPM_TOKEN}" > .npmrc && npm ci\nRUN npm run build\n`,
        'secret-in-env',
      );
      assert.equal(fix.title, 'Move NPM_TOKEN to a BuildKit secret mount on the RUN that reads it, its value kept in secrets/npm_token.txt (build with --secret id=npm_token,src=secrets/npm_token.txt)');
      assert.equal(
        text,
        '# syntax=docker/dockerfile:1\nFROM node:20\nENV NODE_ENV=production\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo "//r/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\nRUN npm run build\n',
      );
      assert.deepEqual(tree, { 'file:///p/secrets/npm_token.txt': NPM_TOKEN, 'file:///p/.gitignore': 'secrets/\n' });
    });

    it('removes a later pair with its separator, and puts the syntax line above the other directives', () => {
      assert.equal(
        fixed(D, `# escape=\`\nFROM node:20\nENV A=1 \`\n    DB_PASSWORD=${PASSWORD} \`\n    B=2\nRUN make DB_PASSWORD=$DB_PASSWORD\n`, 'secret-in-env').text,
        '# syntax=docker/dockerfile:1\n# escape=`\nFROM node:20\nENV A=1 `\n    B=2\nRUN --mount=type=secret,id=db_password,env=DB_PASSWORD make DB_PASSWORD=$DB_PASSWORD\n',
      );
    });

    it('keeps CRLF line ends, picks an id not used by another mount, and shares the file that holds the same value', () => {
      const { text, tree } = fixed(D, `FROM node:20\r\nRUN --mount=type=secret,id=npm_token true\r\nENV NPM_TOKEN=${NPM_TOKEN}\r\nRUN npm ci --token=$NPM_TOKEN\r\n`, 'secret-in-env', { tree: { 'file:///p/.gitignore': 'secrets\n' } });
      assert.equal(text, '# syntax=docker/dockerfile:1\r\nFROM node:20\r\nRUN --mount=type=secret,id=npm_token true\r\nRUN --mount=type=secret,id=npm_token_2,env=NPM_TOKEN npm ci --token=$NPM_TOKEN\r\n');
      assert.deepEqual(tree, { 'file:///p/.gitignore': 'secrets\n', 'file:///p/secrets/npm_token_2.txt': NPM_TOKEN });
      const shared = fixesOf(D, `FROM node:20\nENV NPM_TOKEN=${NPM_TOKEN}\nRUN npm ci --token=$NPM_TOKEN\n`, 'secret-in-env', { 'file:///p/secrets/ci.txt': NPM_TOKEN, 'file:///p/.gitignore': 'secrets/\n' });
      assert.equal(shared[0].title, 'Move NPM_TOKEN to a BuildKit secret mount on the RUN that reads it, its value kept in secrets/ci.txt (build with --secret id=ci,src=secrets/ci.txt)');
      assert.deepEqual(shared[0].files, []);
    });

    it('a value no RUN reads is for run time: out of the image, its line kept for docker run --env-file', () => {
      const { text, fix, tree } = fixed(D, `FROM node:20\nENV DB_PASSWORD=${PASSWORD}\nRUN npm ci\nCMD ["node", "server.js"]\n`, 'secret-in-env', { tree: { 'file:///p/.gitignore': 'node_modules/\n' } });
      assert.equal(fix.title, 'Take DB_PASSWORD out of the image and keep it in secrets/db_password.env, for the container at run time (docker run --env-file secrets/db_password.env)');
      assert.equal(text, 'FROM node:20\nRUN npm ci\nCMD ["node", "server.js"]\n');
      assert.deepEqual(tree, { 'file:///p/.gitignore': 'node_modules/\nsecrets/\n', 'file:///p/secrets/db_password.env': `DB_PASSWORD=${PASSWORD}\n` });
    });

    it('offers nothing for an earlier stage’s ENV no RUN reads, or without a workspace', () => {
      assert.deepEqual(fixesOf(D, `FROM node:20 AS build\nENV DB_PASSWORD=${PASSWORD}\nRUN npm ci\nFROM node:20-slim\nCMD ["node"]\n`, 'secret-in-env'), []);
      assert.deepEqual(lint({ uri: D, text: `FROM node:20\nENV NPM_TOKEN=${NPM_TOKEN}\nRUN npm ci $NPM_TOKEN\n` }).findings.filter((f) => f.ruleId === 'secret-in-env').flatMap((f) => f.fixes ?? []), []);
    });

    it('moves it to each service that builds the Dockerfile: a Compose secret first for an image that reads <NAME>_FILE', () => {
      const dockerfile = `FROM postgres:16\nENV POSTGRES_USER=app POSTGRES_PASSWORD=${PASSWORD}\n`;
      const tree = {
        'file:///p/compose.yaml': 'services:\n  db:\n    build: ./db\n    environment:\n      - PGDATA=/data\n  replica:\n    build:\n      context: db\n',
        'file:///p/.gitignore': 'secrets/\n',
        'file:///p/db/Dockerfile': dockerfile,
      };
      const titles = fixesOf('file:///p/db/Dockerfile', dockerfile, 'secret-in-env', tree).map((f) => f.title);
      assert.deepEqual(titles, [
        'Move POSTGRES_PASSWORD to the Compose secret "postgres_password" of service "db" in compose.yaml (the image reads POSTGRES_PASSWORD_FILE)',
        'Move the value of POSTGRES_PASSWORD to secrets/postgres_password.env, read with env_file of service "db" in compose.yaml (the program keeps reading POSTGRES_PASSWORD)',
        'Move POSTGRES_PASSWORD to the Compose secret "postgres_password" of service "replica" in compose.yaml (the image reads POSTGRES_PASSWORD_FILE)',
        'Move the value of POSTGRES_PASSWORD to secrets/postgres_password.env, read with env_file of service "replica" in compose.yaml (the program keeps reading POSTGRES_PASSWORD)',
      ]);
      const { text, tree: after } = fixed('file:///p/db/Dockerfile', dockerfile, 'secret-in-env', { tree, title: /Compose secret .* service "replica"/ });
      assert.equal(text, 'FROM postgres:16\nENV POSTGRES_USER=app\n');
      assert.deepEqual(after, {
        'file:///p/compose.yaml':
          'services:\n  db:\n    build: ./db\n    environment:\n      - PGDATA=/data\n  replica:\n    build:\n      context: db\n    environment: {POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password}\n    secrets: [postgres_password]\nsecrets:\n  postgres_password:\n    file: ./secrets/postgres_password.txt\n',
        'file:///p/.gitignore': 'secrets/\n',
        'file:///p/db/Dockerfile': dockerfile,
        'file:///p/secrets/postgres_password.txt': PASSWORD,
      });
      const viaDb = fixed('file:///p/db/Dockerfile', dockerfile, 'secret-in-env', { tree, title: /Compose secret .* service "db"/ }).tree['file:///p/compose.yaml'];
      assert.equal(viaDb, 'services:\n  db:\n    build: ./db\n    environment:\n      - PGDATA=/data\n      - POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password\n    secrets: [postgres_password]\n  replica:\n    build:\n      context: db\nsecrets:\n  postgres_password:\n    file: ./secrets/postgres_password.txt\n');
    });

    it('for another image, keeps the name the program reads: the value moves to an env file, and the same variable in the service goes too', () => {
      const dockerfile = `FROM node:20\nENV DB_PASSWORD=${PASSWORD}\nCMD ["node", "server.js"]\n`;
      const tree = {
        'file:///p/compose.yaml': `services:\n  app:\n    build: .\n    environment:\n      DB_PASSWORD: ${PASSWORD}\n      MODE: prod\n    ports: ["127.0.0.1:80:80"]\n`,
        'file:///p/Dockerfile': dockerfile,
      };
      const fixes = fixesOf('file:///p/Dockerfile', dockerfile, 'secret-in-env', tree);
      assert.deepEqual(fixes.map((f) => f.title), [
        'Move the value of DB_PASSWORD to secrets/db_password.env, read with env_file of service "app" in compose.yaml (the program keeps reading DB_PASSWORD)',
        'Move DB_PASSWORD to the Compose secret "db_password" of service "app" in compose.yaml (the image must read DB_PASSWORD_FILE)',
      ]);
      const { text, tree: after } = fixed('file:///p/Dockerfile', dockerfile, 'secret-in-env', { tree, title: /env_file/ });
      assert.equal(text, 'FROM node:20\nCMD ["node", "server.js"]\n');
      assert.equal(after['file:///p/compose.yaml'], 'services:\n  app:\n    build: .\n    environment:\n      MODE: prod\n    env_file: [./secrets/db_password.env]\n    ports: ["127.0.0.1:80:80"]\n');
      assert.equal(after['file:///p/secrets/db_password.env'], `DB_PASSWORD='${PASSWORD}'\n`);
      const viaSecret = fixed('file:///p/Dockerfile', dockerfile, 'secret-in-env', { tree, title: /Compose secret/ }).tree['file:///p/compose.yaml'];
      assert.equal(viaSecret, 'services:\n  app:\n    build: .\n    environment:\n      MODE: prod\n      DB_PASSWORD_FILE: /run/secrets/db_password\n    secrets: [db_password]\n    ports: ["127.0.0.1:80:80"]\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\n');
      // Another value in the service wins at run time: that service is left to its own finding.
      const other = { ...tree, 'file:///p/compose.yaml': 'services:\n  app:\n    build: .\n    environment:\n      DB_PASSWORD: other-value-0123\n' };
      assert.deepEqual(fixesOf('file:///p/Dockerfile', dockerfile, 'secret-in-env', other), []);
    });
  });

  describe('secret-in-env in a Compose file: an env file, or a Compose secret for an image that reads <NAME>_FILE', () => {
    const tree = { 'file:///p/.gitignore': 'node_modules' };

    it('moves a postgres variable to a secret file first, declares and grants the secret after image and environment, and adds secrets/ to .gitignore', () => {
      const { text, tree: after, fix } = fixed(
        'file:///p/compose.yaml',
        `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${PASSWORD}   # the admin\n      POSTGRES_DB: app\n    volumes: [db:/var/lib/postgresql/data]\n`,
        'secret-in-env',
        { tree, title: /Compose secret/ },
      );
      assert.equal(fix.title, 'Move POSTGRES_PASSWORD to the Compose secret "postgres_password" (the image reads POSTGRES_PASSWORD_FILE)');
      assert.equal(
        text,
        'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password   # the admin\n      POSTGRES_DB: app\n    secrets: [postgres_password]\n    volumes: [db:/var/lib/postgresql/data]\nsecrets:\n  postgres_password:\n    file: ./secrets/postgres_password.txt\n',
      );
      assert.deepEqual(after, { 'file:///p/.gitignore': 'node_modules\nsecrets/\n', 'file:///p/secrets/postgres_password.txt': PASSWORD });
    });

    it('moves a quoted list item, appending to the service’s and the top-level secrets in their style; creates .gitignore', () => {
      const { text, tree: after } = fixed(
        'file:///p/compose.yaml',
        `services:\n    db:\n        image: postgres:16\n        secrets:\n            - other\n        environment:\n            - "POSTGRES_PASSWORD=${PASSWORD}"\nsecrets:\n    other:\n        file: ./other.txt\n`,
        'secret-in-env',
        { title: /Compose secret/ },
      );
      assert.equal(
        text,
        'services:\n    db:\n        image: postgres:16\n        secrets:\n            - other\n            - postgres_password\n        environment:\n            - "POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password"\nsecrets:\n    other:\n        file: ./other.txt\n    postgres_password:\n        file: ./secrets/postgres_password.txt\n',
      );
      assert.deepEqual(after, { 'file:///p/.gitignore': 'secrets/\n', 'file:///p/secrets/postgres_password.txt': PASSWORD });
    });

    it('for another image, moves the value to an env file under the name the program reads, the _FILE secret offered second', () => {
      const compose = `services:\r\n  api:\r\n    image: app:1\r\n    secrets: [other]\r\n    environment: {API_TOKEN: ${PASSWORD}, MODE: prod}\r\nsecrets: {other: {file: ./other.txt}}\r\n`;
      const titles = fixesOf('file:///p/compose.yaml', compose, 'secret-in-env').map((f) => f.title);
      assert.deepEqual(titles, [
        'Move the value of API_TOKEN to secrets/api_token.env, read with env_file (the program keeps reading API_TOKEN)',
        'Move API_TOKEN to the Compose secret "api_token" (the image must read API_TOKEN_FILE)',
      ]);
      const { text, tree: after } = fixed('file:///p/compose.yaml', compose, 'secret-in-env', { tree: { 'file:///p/.gitignore': '/secrets/\n' }, title: /env_file/ });
      assert.equal(text, 'services:\r\n  api:\r\n    image: app:1\r\n    secrets: [other]\r\n    environment: {MODE: prod}\r\n    env_file: [./secrets/api_token.env]\r\nsecrets: {other: {file: ./other.txt}}\r\n');
      assert.deepEqual(after, { 'file:///p/.gitignore': '/secrets/\n', 'file:///p/secrets/api_token.env': `API_TOKEN='${PASSWORD}'\n` });
      const viaSecret = fixed('file:///p/compose.yaml', compose, 'secret-in-env', { tree: { 'file:///p/.gitignore': '/secrets/\n' }, title: /Compose secret/ }).text;
      assert.equal(viaSecret, 'services:\r\n  api:\r\n    image: app:1\r\n    secrets: [other, api_token]\r\n    environment: {API_TOKEN_FILE: /run/secrets/api_token, MODE: prod}\r\nsecrets: {other: {file: ./other.txt}, api_token: {file: ./secrets/api_token.txt}}\r\n');
    });

    it('appends to an env_file the service lists, after its files, so that the moved value still wins', () => {
      const compose = `services:\n  api:\n    image: app:1\n    env_file:\n      - common.env\n    environment:\n      - API_TOKEN=${PASSWORD}\n      - MODE=prod\n`;
      assert.equal(
        fixed('file:///p/compose.yaml', compose, 'secret-in-env', { title: /env_file/ }).text,
        'services:\n  api:\n    image: app:1\n    env_file:\n      - common.env\n      - ./secrets/api_token.env\n    environment:\n      - MODE=prod\n',
      );
    });

    it('identical values share one secret: one file per value, declared once, whatever the variable', () => {
      const compose = `services:\n  a:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${PASSWORD}\n  b:\n    image: mysql:8\n    environment:\n      MYSQL_PASSWORD: ${PASSWORD}\nsecrets:\n  db:\n    file: ./secrets/db.txt\n`;
      const fixes = fixesOf('file:///p/compose.yaml', compose, 'secret-in-env', { 'file:///p/secrets/db.txt': PASSWORD });
      // The declared secret's file holds the value: no file is created, the service is only given the secret.
      assert.deepEqual(fixes.filter((f) => /Compose secret/.test(f.title)).map((f) => [f.title, f.files]), [
        ['Move POSTGRES_PASSWORD to the Compose secret "db" (the image reads POSTGRES_PASSWORD_FILE)', []],
        ['Move MYSQL_PASSWORD to the Compose secret "db" (the image reads MYSQL_PASSWORD_FILE)', []],
      ]);
      // Without it, the first finding's new file is the one the second shares.
      const fresh = fixesOf('file:///p/compose.yaml', compose.replace(/secrets:\n  db:\n    file: \.\/secrets\/db\.txt\n/, ''), 'secret-in-env').filter((f) => /Compose secret/.test(f.title));
      assert.deepEqual(fresh.map((f) => f.title), ['Move POSTGRES_PASSWORD to the Compose secret "postgres_password" (the image reads POSTGRES_PASSWORD_FILE)', 'Move MYSQL_PASSWORD to the Compose secret "postgres_password" (the image reads MYSQL_PASSWORD_FILE)']);
      assert.deepEqual(fresh[0].files, fresh[1].files);
    });

    it('picks ids that no declared secret, secret file or other finding of the file uses', () => {
      const compose = `services:\n  a:\n    image: app:1\n    environment:\n      DB_PASSWORD: ${PASSWORD}\n  b:\n    image: app:1\n    environment:\n      DB_PASSWORD: other-${PASSWORD}\nsecrets:\n  db_password:\n    file: ./db.txt\n`;
      const titles = fixesOf('file:///p/compose.yaml', compose, 'secret-in-env', { 'file:///p/secrets/db_password_2.txt': 'x' }).map((f) => f.title);
      assert.deepEqual(titles, [
        'Move the value of DB_PASSWORD to secrets/db_password.env, read with env_file (the program keeps reading DB_PASSWORD)',
        'Move DB_PASSWORD to the Compose secret "db_password_3" (the image must read DB_PASSWORD_FILE)',
        'Move the value of DB_PASSWORD to secrets/db_password_2.env, read with env_file (the program keeps reading DB_PASSWORD)',
        'Move DB_PASSWORD to the Compose secret "db_password_4" (the image must read DB_PASSWORD_FILE)',
      ]);
    });
    it('writes the value Compose reads: $$ is a literal $; a value interpolating a variable is not moved', () => {
      const compose = (value: string) => `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${value}\n`;
      assert.equal(fixed('file:///p/compose.yaml', compose('s3cr3t$$-Passw0rd'), 'secret-in-env', { title: /Compose secret/ }).tree['file:///p/secrets/postgres_password.txt'], 's3cr3t$-Passw0rd');
      assert.equal(fixed('file:///p/compose.yaml', compose('s3cr3t$$-Passw0rd'), 'secret-in-env', { title: /env_file/ }).tree['file:///p/secrets/postgres_password.env'], "POSTGRES_PASSWORD='s3cr3t$-Passw0rd'\n");
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
    it('offers nothing for a global ARG (the stages that declare it again are fixed instead), nor for one no RUN reads', () => {
      const findings = (text: string) => lint({ uri: 'file:///p/Dockerfile', text }, { workspace: workspaceOf({}) }).findings.filter((f) => f.ruleId === 'secret-in-arg');
      assert.deepEqual(findings('ARG NPM_TOKEN\nFROM node:20\nARG NPM_TOKEN\nRUN npm ci --token "$NPM_TOKEN"\n').map((f) => [f.range.start.line, (f.fixes ?? []).length]), [[0, 0], [2, 1]]);
      assert.deepEqual(findings('FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n').map((f) => (f.fixes ?? []).length), [0]);
    });
  });

  describe('secret-in-arg in a Compose file: a build secret', () => {
    const dockerfile = 'FROM node:20 AS deps\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN > .npmrc && npm ci\nFROM node:20\nARG NPM_TOKEN\nRUN npm run build\n';
    it('forwards the variable the argument named, and mounts the secret on the RUNs that read it', () => {
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
          '# syntax=docker/dockerfile:1\nFROM node:20 AS deps\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo $NPM_TOKEN > .npmrc && npm ci\nFROM node:20\nARG NPM_TOKEN\nRUN npm run build\n',
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
