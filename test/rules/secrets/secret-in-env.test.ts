import * as assert from 'node:assert/strict';
import { container, runtimeFindings, setting } from '../../helpers/runtime';
import { ruleTester } from '../../helpers/rule-tester';
import { memoryWorkspace } from '../../helpers/memory-workspace';

// Made-up credentials with the shape of real ones: none of them was ever valid.
const AWS_KEY_ID = 'AKIAZ52HGXYRN4WBQWER';
const GITHUB_TOKEN = 'ghp_' + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123';
const SLACK_TOKEN = 'xoxb-' + '1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';

const compose = (environment: string) => `services:\n  app:\n    image: example/app:1.0\n    environment:\n${environment}`;

ruleTester('secret-in-env', {
  valid: [
    {
      kind: 'compose',
      name: 'env files without secrets, missing ones, and references',
      code: 'services:\n  app:\n    image: example/app:1.0\n    env_file: [app.env, missing.env]\n',
      files: { 'app.env': 'LOG_LEVEL=info\nAPI_TOKEN=${API_TOKEN}\nDB_PASSWORD=\nDB_PASSWORD_FILE=/run/secrets/db\n' },
    },
    {
      kind: 'compose',
      name: 'env files Git ignores are where values are kept out of the repository: the folder, a suffix, the name, a nested .gitignore',
      code: 'services:\n  app:\n    image: example/app:1.0\n    env_file: [./secrets/api_token.env, prod.env, config/local.env, /abs/x.env]\n',
      files: {
        '.gitignore': '# kept out of Git\nsecrets/\n/prod.env\n',
        'secrets/api_token.env': "API_TOKEN='tok-8f3a9c2e71d4'\n",
        'prod.env': 'DB_PASSWORD=s3cr3t-Passw0rd\n',
        'config/.gitignore': '*.env\n',
        'config/local.env': 'DB_PASSWORD=s3cr3t-Passw0rd\n',
      },
    },
    { kind: 'compose', name: 'a real reference next to an escaped $', code: compose('      DB_PASSWORD: $${PREFIX}${DB_PASSWORD}\n      API_TOKEN: ${API_TOKEN:-}\n') },
    // Dockerfile: values that are not secrets.
    'FROM alpine:3.20\nENV DB_PASSWORD=',
    'FROM alpine:3.20\nENV DB_PASSWORD=""',
    'FROM alpine:3.20\nENV DB_PASSWORD=$DB_PASSWORD',
    'FROM alpine:3.20\nENV DB_PASSWORD=${DB_PASSWORD}',
    'FROM alpine:3.20\nENV DB_PASSWORD=${DB_PASSWORD:-}',
    'FROM alpine:3.20\nENV API_TOKEN=${API_TOKEN:?set it}',
    'FROM alpine:3.20\nENV DB_PASSWORD=/run/secrets/db_password',
    'FROM alpine:3.20\nENV DB_PASSWORD_FILE=/run/secrets/db_password',
    'FROM alpine:3.20\nENV API_TOKEN=<your-token>',
    'FROM alpine:3.20\nENV API_TOKEN=xxx',
    'FROM alpine:3.20\nENV API_TOKEN=***',
    'FROM alpine:3.20\nENV DB_PASSWORD=your-password-here',
    // Names that are not secret-like.
    'FROM alpine:3.20\nENV DB_USER=admin DB_NAME=app CLIENT_ID=web-123 DB_HOST=db',
    'FROM alpine:3.20\nENV TOKEN_URL=https://auth.example.com/token SECRETS_DIR=/etc/app/secrets',
    'FROM alpine:3.20\nENV PASSWORD_MIN_LENGTH=12 ACCESS_TOKEN_EXPIRE_MINUTES=30',
    'FROM alpine:3.20\nENV PWD=/app OLDPWD=/',
    'FROM alpine:3.20\nENV PATH=/usr/local/bin:$PATH',
    'FROM alpine:3.20\nENV API_URL https://api.example.com/v1',
    { name: 'AUTH as a group of settings, not the last part', code: 'FROM grafana/grafana:11.1.0\nENV GF_AUTH_ANONYMOUS_ORG_ROLE=Viewer' },
    { name: 'ordinary words ending like a credential word', code: 'FROM alpine:3.20\nENV PROXY_BYPASS=localhost TOKENIZERS_PARALLELISM=false HF_TOKENIZER=bert-base' },
    // Switches about a credential.
    'FROM mysql:8.4\nENV MYSQL_ALLOW_EMPTY_PASSWORD=yes MYSQL_RANDOM_ROOT_PASSWORD=1',
    'FROM alpine:3.20\nENV API_TOKEN=true',
    { name: 'the AWS documentation example key in a neutral name', code: 'FROM alpine:3.20\nENV EXAMPLE=AKIAIOSFODNN7EXAMPLE' },
    { name: 'a URL without a password', code: 'FROM alpine:3.20\nENV DATABASE_URL=postgres://app@db:5432/app' },
    { name: 'a URL whose password is a variable', code: 'FROM alpine:3.20\nENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app' },
    // Not ENV at all.
    { name: 'ARG is another rule', code: 'FROM alpine:3.20\nARG DB_PASSWORD=hunter2' },
    { name: 'heredoc body is not an instruction', code: 'FROM alpine:3.20\nCOPY <<EOF /app/settings.env\nENV DB_PASSWORD=hunter2\nEOF\nRUN <<EOF\nexport API_TOKEN=hunter2\nEOF\n' },
    { name: 'LABEL is not ENV', code: 'FROM alpine:3.20\nLABEL DB_PASSWORD=hunter2' },

    // Compose: map form.
    { kind: 'compose', code: compose('      POSTGRES_USER: app\n      POSTGRES_DB: app\n      PORT: 5432\n      DEBUG: true\n') },
    { kind: 'compose', name: 'key without value (map)', code: compose('      API_TOKEN:\n') },
    { kind: 'compose', name: 'key without value (list)', code: compose('      - API_TOKEN\n') },
    { kind: 'compose', code: compose('      DB_PASSWORD: ${DB_PASSWORD}\n      API_TOKEN: "${API_TOKEN:?required}"\n      SECRET_KEY: $SECRET_KEY\n') },
    { kind: 'compose', code: compose('      - DB_PASSWORD=${DB_PASSWORD:-}\n') },
    { kind: 'compose', code: compose('      DB_PASSWORD: /run/secrets/db_password\n      DB_PASSWORD_FILE: /run/secrets/db_password\n') },
    { kind: 'compose', code: compose('      API_TOKEN: <your-token>\n      DB_PASSWORD: xxx\n      SECRET_KEY: "***"\n') },
    { kind: 'compose', code: compose('      - API_TOKEN=<your-token>\n      - DB_PASSWORD=xxx\n      - SECRET_KEY=***\n') },
    { kind: 'compose', name: 'names ending _FILE, _USER, _ID', code: compose('      DB_PASSWORD_FILE: ./secret.txt\n      DB_USER: admin\n      OAUTH_CLIENT_ID: web-123\n      SMTP_USERNAME: mailer\n') },
    { kind: 'compose', name: 'switches', code: compose('      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"\n      MYSQL_RANDOM_ROOT_PASSWORD: 1\n      API_TOKEN: false\n') },
    { kind: 'compose', name: 'an x- extension is not a service', code: 'x-defaults:\n  environment:\n    DB_PASSWORD: hunter2\nservices:\n  app:\n    image: example/app:1.0\n' },
    { kind: 'compose', name: 'an x- key under services is not a service', code: 'services:\n  x-template:\n    environment:\n      DB_PASSWORD: hunter2\n' },
    { kind: 'compose', name: 'environment as a plain string is ignored', code: compose('').replace('environment:\n', 'environment: DB_PASSWORD\n') },
    { kind: 'compose', name: 'other keys are not environment', code: 'services:\n  app:\n    image: example/app:1.0\n    labels:\n      DB_PASSWORD: hunter2\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'a secret in an env_file the service loads: at the item, the env file\'s line related, in every form',
      code: 'services:\n  app:\n    image: example/app:1.0\n    env_file: app.env\n  worker:\n    image: example/app:1.0\n    env_file:\n      - ./config/common.env\n      - path: ./config/worker.env\n        required: false\n',
      files: {
        'app.env': '# app settings\nLOG_LEVEL=info\nexport API_TOKEN=tok-8f3a9c2e71d4\n',
        'config/common.env': 'TZ=UTC\n',
        'config/worker.env': 'DB_PASSWORD="s3cr3t-Passw0rd"\nDB_USER=app\n',
      },
      errors: [
        { line: 4, column: 15, message: 'loads app.env, which sets API_TOKEN', notMessage: '8f3a9c2e71d4', related: [{ line: 3, file: 'app.env' }] },
        { line: 9, column: 9, message: 'loads ./config/worker.env, which sets DB_PASSWORD', notMessage: 'Passw0rd', related: [{ line: 1, file: 'config/worker.env' }] },
      ],
    },
    {
      kind: 'compose',
      name: 'env files Git does not ignore: another folder, a glob the check does not read, an ignore file with a negation, a file above the Compose file',
      code: 'services:\n  app:\n    image: example/app:1.0\n    env_file: [config/app.env, other/app.env, neg/app.env]\n',
      files: {
        '.gitignore': 'secrets/\nconf?g/\n',
        'config/app.env': 'DB_PASSWORD=s3cr3t-Passw0rd\n',
        'other/.gitignore': 'app.env.bak\n',
        'other/app.env': 'DB_PASSWORD=s3cr3t-Passw0rd\n',
        'neg/.gitignore': '*.env\n!app.env\n',
        'neg/app.env': 'DB_PASSWORD=s3cr3t-Passw0rd\n',
      },
      errors: [
        { line: 4, column: 16, message: 'loads config/app.env' },
        { line: 4, column: 32, message: 'loads other/app.env' },
        { line: 4, column: 47, message: 'loads neg/app.env' },
      ],
    },
    {
      kind: 'compose',
      name: '$$ is a literal $: the literal password is judged, in map and list form, quoted or not',
      code: compose('      DB_PASSWORD: "pa$$w0rd"\n      - unused\n'.replace('      - unused\n', '')) + '  other:\n    image: example/app:1.0\n    environment:\n      - ADMIN_PASSWORD=$$ecretPass\n      - \'API_TOKEN=t0k$$n-8f3a9c\'\n      - SECRET_KEY=$${NOT_A_VARIABLE}\n',
      errors: [
        { line: 5, message: 'DB_PASSWORD', notMessage: 'w0rd' },
        { line: 9, message: 'ADMIN_PASSWORD', notMessage: 'ecretPass' },
        { line: 10, message: 'API_TOKEN' },
        { line: 11, message: 'SECRET_KEY' },
      ],
    },
    {
      kind: 'compose',
      name: '$$ is literal whatever .env sets: no variable is looked up',
      code: compose('      DB_PASSWORD: pa$$w0rd\n'),
      files: { '.env': 'w0rd=\n' },
      errors: [{ line: 5, message: 'DB_PASSWORD' }],
    },
    {
      code: 'FROM alpine:3.20\nENV DB_PASSWORD=s3cr3t-Passw0rd',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 32, message: 'ENV DB_PASSWORD', notMessage: 's3cr3t-Passw0rd', severity: 'error' }],
    },
    {
      name: 'several pairs and continuation lines',
      code: 'FROM alpine:3.20\nENV APP_ENV=production API_TOKEN=tok-8f3a9c2e71 \\\n    LOG_LEVEL=info \\\n    SESSION_SECRET="a b c d"\n',
      errors: [
        { line: 2, column: 24, endLine: 2, endColumn: 48, message: 'API_TOKEN', notMessage: 'tok-8f3a9c2e71' },
        { line: 4, column: 5, endLine: 4, endColumn: 29, message: 'SESSION_SECRET', notMessage: 'a b c d' },
      ],
    },
    {
      name: 'legacy form: ENV KEY value with spaces',
      code: 'FROM alpine:3.20\nENV DB_PASSWORD my secret value',
      errors: [{ line: 2, column: 5, endColumn: 32, notMessage: 'secret value' }],
    },
    {
      name: 'single-quoted value',
      code: "FROM alpine:3.20\nENV DB_PASSWORD='hunter 2'",
      errors: [{ line: 2, column: 5, endColumn: 27, notMessage: 'hunter 2' }],
    },
    {
      name: 'escape directive',
      code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nENV APP=1 `\n    ADMIN_PASSWORD=P@ssw0rd!\n',
      errors: [{ line: 4, column: 5, endLine: 4, endColumn: 29, notMessage: 'P@ssw0rd!' }],
    },
    {
      name: 'CRLF line ends',
      code: 'FROM alpine:3.20\r\nENV A=1 \\\r\n  GITHUB_TOKEN=gh-literal-123\r\n',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 30, notMessage: 'gh-literal-123' }],
    },
    {
      name: 'byte order mark',
      code: '\uFEFFFROM alpine:3.20\nENV DB_PASSWORD=hunter2',
      errors: [{ line: 2, column: 5, endColumn: 24, notMessage: 'hunter2' }],
    },
    {
      name: 'tabs',
      code: 'FROM alpine:3.20\n\tENV\tDB_PASSWORD=hunter2',
      errors: [{ line: 2, column: 6, endColumn: 25, notMessage: 'hunter2' }],
    },
    {
      name: 'lower-case instruction, camelCase name',
      code: 'FROM alpine:3.20\nenv apiKey=k-123456',
      errors: [{ line: 2, column: 5, endColumn: 20, notMessage: 'k-123456' }],
    },
    {
      name: 'run-together credential words',
      code: 'FROM osixia/openldap:1.5.0\nENV LDAP_ROOTPASS=fsociety WEBPASSWORD=hunter2',
      errors: [
        { line: 2, column: 5, endColumn: 27, message: 'LDAP_ROOTPASS', notMessage: 'fsociety' },
        { line: 2, column: 28, endColumn: 47, message: 'WEBPASSWORD', notMessage: 'hunter2' },
      ],
    },
    {
      name: 'names that only contain a credential word: PGPASSWORD, _PASS, _PWD, BASIC_AUTH, CONNECTION_STRING, kebab-case',
      code: 'FROM alpine:3.20\nENV PGPASSWORD=pg-1 RABBITMQ_DEFAULT_PASS=rb-2 DB_PWD=db-3 BASIC_AUTH=user:pw-4 MONGO_CONNECTION_STRING=cs-5 x-api-key=ak-6',
      errors: [
        { line: 2, column: 5, endColumn: 20, notMessage: 'pg-1' },
        { line: 2, column: 21, endColumn: 47, notMessage: 'rb-2' },
        { line: 2, column: 48, endColumn: 59, notMessage: 'db-3' },
        { line: 2, column: 60, endColumn: 80, notMessage: 'user:pw-4' },
        { line: 2, column: 81, endColumn: 109, notMessage: 'cs-5' },
        { line: 2, column: 110, endColumn: 124, notMessage: 'ak-6' },
      ],
    },
    {
      name: 'changeme is a default password',
      code: 'FROM alpine:3.20\nENV ADMIN_PASSWORD=changeme',
      errors: [{ line: 2, column: 5, endColumn: 28, notMessage: 'changeme' }],
    },
    {
      name: 'AWS_ACCESS_KEY_ID is secret-like; the value is redacted',
      code: 'FROM alpine:3.20\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
      errors: [{ line: 2, column: 5, endColumn: 43, message: 'AKIA************MPLE', notMessage: 'AKIAIOSFODNN7EXAMPLE' }],
    },
    {
      name: 'AWS key id in a neutral name',
      code: `FROM alpine:3.20\nENV UPLOAD_CONFIG=${AWS_KEY_ID}`,
      errors: [{ line: 2, column: 5, endColumn: 39, message: 'AWS access key', notMessage: AWS_KEY_ID }],
    },
    {
      name: 'GitHub token in a neutral name',
      code: `FROM alpine:3.20\nENV CI_VALUE=${GITHUB_TOKEN}`,
      errors: [{ line: 2, column: 5, endColumn: 54, message: 'GitHub token', notMessage: GITHUB_TOKEN.slice(4, 30) }],
    },
    {
      name: 'Slack token in a neutral name',
      code: `FROM alpine:3.20\nENV NOTIFY=${SLACK_TOKEN}`,
      errors: [{ line: 2, column: 5, endColumn: 66, message: 'Slack token', notMessage: SLACK_TOKEN.slice(5, 40) }],
    },
    {
      name: 'URL with a password in a neutral name',
      code: 'FROM alpine:3.20\nENV DATABASE_URL=postgres://app:pw-9f8e7d@db:5432/app',
      errors: [{ line: 2, column: 5, endColumn: 54, message: 'with a password', notMessage: 'pw-9f8e7d' }],
    },
    {
      name: 'every stage is checked',
      code: 'FROM golang:1.22 AS build\nENV GOPRIVATE_TOKEN=abc123def\nFROM alpine:3.20\nENV X=1',
      errors: [{ line: 2, column: 5, endColumn: 30 }],
    },

    // Compose: map and list forms.
    {
      kind: 'compose',
      code: compose('      POSTGRES_USER: app\n      POSTGRES_PASSWORD: s3cr3t-Passw0rd\n      POSTGRES_DB: app\n'),
      errors: [{ line: 6, column: 7, endLine: 6, endColumn: 41, message: 'Service "app" sets POSTGRES_PASSWORD', notMessage: 's3cr3t-Passw0rd', severity: 'error', related: [] }],
    },
    {
      kind: 'compose',
      code: compose('      - POSTGRES_USER=app\n      - POSTGRES_PASSWORD=s3cr3t-Passw0rd\n'),
      errors: [{ line: 6, column: 9, endLine: 6, endColumn: 42, notMessage: 's3cr3t-Passw0rd' }],
    },
    {
      kind: 'compose',
      name: 'quoted list item with spaces',
      code: compose('      - "API_KEY=abc def 123"\n'),
      errors: [{ line: 5, column: 9, endColumn: 30, notMessage: 'abc def 123' }],
    },
    {
      kind: 'compose',
      name: 'numbers are literal values',
      code: compose('      DB_PASSWORD: 12345678\n'),
      errors: [{ line: 5, column: 7, endColumn: 28, notMessage: '12345678' }],
    },
    {
      kind: 'compose',
      name: 'changeme is reported, placeholders are not',
      code: compose('      ADMIN_PASSWORD: changeme\n      API_TOKEN: <your-token>\n'),
      errors: [{ line: 5, column: 7, endColumn: 31, notMessage: 'changeme' }],
    },
    {
      kind: 'compose',
      name: 'AWS_ACCESS_KEY_ID beside _ID names that are not secrets',
      code: compose(`      AWS_ACCESS_KEY_ID: ${AWS_KEY_ID}\n      OAUTH_CLIENT_ID: web-123\n`),
      errors: [{ line: 5, column: 7, endColumn: 46, message: 'AWS_ACCESS_KEY_ID', notMessage: AWS_KEY_ID }],
    },
    {
      kind: 'compose',
      name: 'URL with an embedded password in a neutral name',
      code: compose('      - DATABASE_URL=postgres://u:pw@db/x\n      - CACHE_URL=redis://cache:6379/0\n'),
      errors: [{ line: 5, column: 9, endColumn: 42, message: 'password', notMessage: 'u:pw@' }],
    },
    {
      kind: 'compose',
      name: 'token formats in neutral names',
      code: compose(`      CI_NOTE: ${GITHUB_TOKEN}\n      HOOK: ${SLACK_TOKEN}\n`),
      errors: [
        { line: 5, column: 7, message: 'GitHub token', notMessage: GITHUB_TOKEN.slice(4, 30) },
        { line: 6, column: 7, message: 'Slack token', notMessage: SLACK_TOKEN.slice(5, 40) },
      ],
    },
    {
      kind: 'compose',
      name: 'CRLF and byte order mark',
      code: '\uFEFFservices:\r\n  app:\r\n    image: example/app:1.0\r\n    environment:\r\n      DB_PASSWORD: hunter2\r\n',
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 27, notMessage: 'hunter2' }],
    },

    // Compose: anchors, aliases and merge keys are reported where they are used.
    {
      kind: 'compose',
      name: 'environment is an alias',
      code: 'x-env: &env\n  DB_PASSWORD: hunter2\n  PORT: 8080\nservices:\n  app:\n    image: example/app:1.0\n    environment: *env\n',
      errors: [{ line: 7, column: 18, endLine: 7, endColumn: 22, notMessage: 'hunter2', related: [{ line: 2, column: 3 }] }],
    },
    {
      kind: 'compose',
      name: 'environment merges an anchor',
      code: 'x-env: &env\n  DB_PASSWORD: hunter2\nservices:\n  app:\n    image: example/app:1.0\n    environment:\n      <<: *env\n      PORT: 8080\n',
      errors: [{ line: 7, column: 7, endLine: 7, endColumn: 9, notMessage: 'hunter2', related: [{ line: 2, column: 3 }] }],
    },
    {
      kind: 'compose',
      name: 'the service merges an anchor that holds environment',
      code: 'x-common: &common\n  image: example/app:1.0\n  environment:\n    API_TOKEN: tok-123456\nservices:\n  web:\n    <<: *common\n  worker:\n    <<: *common\n',
      errors: [
        { line: 7, column: 5, endColumn: 7, message: 'Service "web"', notMessage: 'tok-123456', related: [{ line: 4, column: 5 }] },
        { line: 9, column: 5, endColumn: 7, message: 'Service "worker"', notMessage: 'tok-123456', related: [{ line: 4, column: 5 }] },
      ],
    },
    {
      kind: 'compose',
      name: 'the value is an alias: the pair is anchored from its key to the alias',
      code: 'x-password: &pw hunter2\nservices:\n  app:\n    image: example/app:1.0\n    environment:\n      DB_PASSWORD: *pw\n',
      errors: [{ line: 6, column: 7, endLine: 6, endColumn: 23, notMessage: 'hunter2', related: [{ line: 1, column: 17 }] }],
    },
    {
      kind: 'compose',
      name: 'list form through an alias',
      code: 'x-env: &env\n  - DB_PASSWORD=hunter2\nservices:\n  app:\n    image: example/app:1.0\n    environment: *env\n',
      errors: [{ line: 6, column: 18, endColumn: 22, notMessage: 'hunter2', related: [{ line: 2, column: 5 }] }],
    },
    {
      kind: 'compose',
      name: 'an anchored environment is reported where defined and where reused',
      code: 'services:\n  a:\n    image: example/app:1.0\n    environment: &env\n      - DB_PASSWORD=hunter2\n  b:\n    image: example/app:1.0\n    environment: *env\n',
      errors: [
        { line: 5, column: 9, endColumn: 28, message: 'Service "a"', related: [] },
        { line: 8, column: 18, endColumn: 22, message: 'Service "b"', related: [{ line: 5, column: 9 }] },
      ],
    },
    {
      kind: 'compose',
      name: 'legacy v1 file without services:',
      code: 'web:\n  image: nginx:1.27\n  environment:\n    DB_PASSWORD: hunter2\n',
      errors: [{ line: 4, column: 5, endColumn: 25, message: 'Service "web"' }],
    },
    {
      kind: 'compose',
      name: 'extends: the secret is reported once, where it is written',
      code: 'services:\n  base:\n    image: example/app:1.0\n    environment:\n      DB_PASSWORD: hunter2\n  web:\n    extends: base\n',
      errors: [{ line: 5, column: 7, message: 'Service "base"' }],
    },
  ],
});

ruleTester('secret-in-env', {
  valid: [{ name: 'an ONBUILD ENV without a secret', code: 'FROM alpine:3.20\nONBUILD ENV APP_HOME=/app\n' }],
  invalid: [
    {
      name: 'ONBUILD ENV sets the secret in every child image; no move into this stage is offered',
      code: 'FROM alpine:3.20\nONBUILD ENV GITHUB_TOKEN=ghp_EXAMPLEexample0000EXAMPLEexample0000\nRUN echo\n',
      errors: [{ line: 2, column: 13, notMessage: 'EXAMPLEexample0000EXAMPLE' }],
      output: 'FROM alpine:3.20\nONBUILD ENV GITHUB_TOKEN=ghp_EXAMPLEexample0000EXAMPLEexample0000\nRUN echo\n',
    },
  ],
});

ruleTester('secret-in-env', {
  valid: [{ name: 'a user name beside a credential, and prefixes that are not credentials', code: 'FROM alpine:3.20\nENV NEXUS_CREDS_USR=deploy PW_TEST_HTML_REPORT_OPEN=never PAT_FILE=/run/secrets/pat\n' }],
  invalid: [
    {
      name: 'credential suffixes: Jenkins _PSW and _CREDS, _PW, _PAT, _PSK',
      code: 'FROM alpine:3.20\nENV NEXUS_CREDS_PSW=s3cr3tvalue NEXUS_CREDS=deploy:s3cr3tvalue\nENV DB_PW=hunter2hunter2 GH_PAT=abcdef1234567890 WIFI_PSK=correcthorsebattery\n',
      errors: [{ line: 2, column: 5, message: 'NEXUS_CREDS_PSW' }, { line: 2, column: 33 }, { line: 3, column: 5 }, { line: 3, column: 26 }, { line: 3, column: 50 }],
    },
  ],
});

describe('secret-in-env: every front door', () => {
  const variable = (name: string, value: string | undefined, more: { literal?: string } = {}) => setting({ name, value, ...more }, 2);

  it('a literal secret: an error in every front door, masked, with the way that front door keeps it out', () => {
    const advice = { compose: 'Use a Compose secret instead.', devcontainer: '${localEnv:DB_PASSWORD}', run: '-e DB_PASSWORD' };
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const [found, ...more] = runtimeFindings('secret-in-env', [container(frontDoor, { environment: [variable('DB_PASSWORD', 'hunter2-Secret'), variable('DEBUG', 'true')] })]);
      assert.deepEqual(more, []);
      assert.equal(found.severity, 'error');
      assert.ok(found.message.startsWith(`${container(frontDoor).label} sets DB_PASSWORD to a literal secret`), found.message);
      assert.ok(!found.message.includes('hunter2-Secret'), found.message);
      assert.ok(found.message.includes(advice[frontDoor]), found.message);
    }
  });

  it('a name alone, a variable reference or a placeholder: nothing', () => {
    const environment = [variable('API_TOKEN', undefined), variable('API_TOKEN', '$TOKEN'), variable('API_TOKEN', '${localEnv:API_TOKEN}'), variable('API_TOKEN', '<your-token>')];
    assert.deepEqual(runtimeFindings('secret-in-env', [container('run', { environment }), container('devcontainer', { environment })]), []);
  });

  it("the value the container gets is judged when the front door unescapes it (Compose's $$)", () => {
    assert.equal(runtimeFindings('secret-in-env', [container('compose', { environment: [variable('DB_PASSWORD', 'pa$$w0rd-x', { literal: 'pa$w0rd-x' })] })]).length, 1);
  });

  it("the front door's own secret moves win; else the value is read from the environment", () => {
    const edit = { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 9 } }, newText: 'API_TOKEN' };
    const move = { title: 'Move it', safe: false, edits: [edit] };
    const [moved] = runtimeFindings('secret-in-env', [container('compose', { environment: [setting({ name: 'API_TOKEN', value: GITHUB_TOKEN }, 2, { edits: { secretMoves: () => [move], fromHostEnvironment: () => [edit] } })] })]);
    assert.deepEqual(moved.fixes, [move]);
    const [read] = runtimeFindings('secret-in-env', [container('run', { environment: [setting({ name: 'API_TOKEN', value: GITHUB_TOKEN }, 2, { edits: { fromHostEnvironment: () => [edit] } })] })], memoryWorkspace({}));
    assert.deepEqual(read.fixes?.map((fix) => fix.edits), [[edit]]);
    assert.deepEqual(read.fixes?.[0].files?.[0], { kind: 'create', uri: 'file:///project/secrets/api_token.txt', text: GITHUB_TOKEN, secret: true });
    assert.match(read.message, /what looks like/);
  });
});
