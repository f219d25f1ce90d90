import { ruleTester } from '../../helpers/rule-tester';

const RAW_TOKEN = 'ghp_xk4Rm9QzT2vN8bLpW3cY7dF5gH1jK6sA0eUi';

ruleTester('secret-in-arg', {
  valid: [
    'FROM node:20\nARG NODE_ENV=production',
    'ARG BASE_IMAGE=node:20\nFROM ${BASE_IMAGE}',
    'FROM node:20\nARG TOKEN_FILE=/run/secrets/token',
    'FROM node:20\nARG GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D',
    'FROM node:20\nARG DB_USER',
    { kind: 'compose', code: 'services:\n  app:\n    build:\n      context: .\n      args:\n        NODE_ENV: production\n' },
    { kind: 'compose', code: 'services:\n  app:\n    build: .\n    environment:\n      NODE_ENV: production\n' },
    { kind: 'compose', name: 'build.secrets is the right way', code: 'services:\n  app:\n    build:\n      context: .\n      secrets: [npm_token]\nsecrets:\n  npm_token:\n    environment: NPM_TOKEN\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: '$$ in a build argument is a literal $: a URL password with one is still a password',
      code: 'services:\n  app:\n    build:\n      context: .\n      args:\n        DATABASE: "postgres://app:pa$$w0rd-8f3a@db:5432/app"\n',
      errors: [{ line: 6, message: 'with a password', notMessage: 'w0rd-8f3a' }],
    },
    { code: 'FROM node:20\nARG NPM_TOKEN', errors: [{ line: 2, column: 5, endColumn: 14, message: 'its name says it carries a secret' }] },
    { code: 'FROM alpine:3.20\nARG SSH_KEY\nARG GIT_DEPLOY_KEY', name: 'SSH and deploy keys', errors: [{ line: 2, column: 5 }, { line: 3, column: 5 }] },
    { code: 'ARG DB_PASSWORD=hunter22\nFROM postgres:16', name: 'a global ARG with a default', errors: [{ line: 1, column: 5, endColumn: 25, notMessage: 'hunter22' }] },
    { code: `FROM node:20\nARG REGISTRY_CREDS_VALUE=${RAW_TOKEN}`, name: 'a neutral name with a token-shaped default', errors: [{ line: 2, column: 5, message: 'GitHub token', notMessage: RAW_TOKEN }] },
    {
      kind: 'compose',
      code: 'services:\n  app:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: ${NPM_TOKEN}\n        NODE_ENV: production\n',
      errors: [{ line: 6, column: 9, endColumn: 32, message: 'Service "app" passes the build argument NPM_TOKEN' }],
    },
    {
      kind: 'compose',
      code: `services:\n  app:\n    build:\n      context: .\n      args:\n        - GH=${RAW_TOKEN}\n        - API_KEY\n`,
      errors: [
        { line: 6, column: 11, message: 'GitHub token', notMessage: RAW_TOKEN },
        { line: 7, column: 11, endColumn: 18 },
      ],
    },
  ],
});

ruleTester('secret-in-arg', {
  valid: [{ name: 'several names, none a secret', code: 'FROM alpine:3.20\nARG A=1 B C=3\n' }],
  invalid: [
    {
      name: 'ARG with several names: each is judged, in any position, in an ONBUILD too',
      code: 'ARG VERSION=1 DB_PASSWORD=x\nFROM alpine:3.20\nARG NPM_TOKEN FOO=bar\nARG FOO=bar \\\n    GITHUB_TOKEN\nONBUILD ARG API_KEY COLOR=red\n',
      errors: [
        { line: 1, column: 15, message: 'ARG DB_PASSWORD' },
        { line: 3, column: 5, message: 'ARG NPM_TOKEN' },
        { line: 5, column: 5, message: 'ARG GITHUB_TOKEN' },
        { line: 6, column: 13, message: 'ARG API_KEY' },
      ],
    },
  ],
});

ruleTester('secret-in-arg', {
  valid: [{ name: 'the user half of a Jenkins binding', code: 'FROM alpine:3.20\nARG NEXUS_CREDS_USR\n' }],
  invalid: [{ name: 'the password half of a Jenkins binding', code: 'FROM alpine:3.20\nARG NEXUS_CREDS_PSW\nARG DEPLOY_CREDS\n', errors: [{ line: 2, column: 5 }, { line: 3, column: 5 }] }],
});
