import * as assert from 'node:assert/strict';
import { container, runtimeFindings, setting } from '../../helpers/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  app:\n    image: example/app:1.0\n${lines}`;

ruleTester('root-user', {
  valid: [
    'FROM node:20\nUSER node\nCMD ["node", "server.js"]',
    'FROM node:20\nUSER 1000',
    'FROM node:20\nUSER 10001:10001',
    { name: 'root, then a user', code: 'FROM node:20\nUSER root\nRUN apt-get update\nUSER app' },
    { name: 'group 0 with a non-root uid', code: 'FROM node:20\nUSER 1000:0' },
    { name: 'user names are case-sensitive', code: 'FROM node:20\nUSER ROOT' },
    { name: 'only the final stage counts', code: 'FROM node:20 AS build\nUSER root\nRUN npm ci\nFROM node:20-slim\nUSER node\nCMD ["node", "server.js"]' },
    { name: 'USER inherited from an earlier stage', code: 'FROM node:20 AS base\nUSER node\nFROM base\nCMD ["node", "server.js"]' },
    { name: 'stage names are case-insensitive', code: 'FROM node:20 AS Base\nUSER node\nFROM BASE\nCMD ["node"]' },
    { name: 'USER inherited through a chain of stages', code: 'FROM node:20 AS one\nUSER node\nFROM one AS two\nRUN true\nFROM two' },
    { name: 'USER from a variable without a value', code: 'FROM node:20\nARG RUN_AS\nUSER $RUN_AS' },
    { name: 'USER from a non-root variable', code: 'FROM node:20\nENV APP_UID=10001\nUSER ${APP_UID}:${APP_UID}' },
    { name: 'USER from a variable an earlier stage set', code: 'FROM node:20 AS base\nENV APP_USER=node\nFROM base\nUSER $APP_USER' },
    { name: 'an ARG of the parent stage is not inherited', code: 'FROM node:20 AS base\nARG RUN_AS=root\nFROM base\nUSER node\nUSER $RUN_AS' },
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'FROM gcr.io/distroless/base:debug-nonroot',
    'FROM cgr.dev/chainguard/static:latest',
    'FROM cgr.dev/chainguard/node',
    'FROM nginxinc/nginx-unprivileged:1.27-alpine',
    'FROM mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled',
    'FROM gcr.io/distroless/java21-debian12:nonroot-amd64',
    { name: 'Chainguard -dev variants run as nonroot too', code: 'FROM cgr.dev/chainguard/python:latest-dev' },
    'FROM registry.access.redhat.com/ubi9/nodejs-20:1-59',
    'FROM registry.redhat.io/ubi8/python-311',
    'FROM bitnami/postgresql:16.4.0',
    'FROM docker:27-dind-rootless',
    { name: 'known non-root base through an ARG', code: 'ARG RUNTIME=gcr.io/distroless/static:nonroot\nFROM ${RUNTIME}\nCOPY app /app' },
    { name: 'known non-root base through a stage', code: 'FROM gcr.io/distroless/static:nonroot AS runtime\nFROM runtime\nCOPY app /app' },
    { name: 'USER root inside a heredoc is not an instruction', code: 'FROM node:20\nUSER node\nRUN <<EOF\nUSER root\nEOF\n' },
    { name: 'no stage at all', code: 'ARG VERSION=1' },

    { kind: 'compose', code: service('    user: "1000"\n') },
    { kind: 'compose', code: service('    user: "10001:10001"\n') },
    { kind: 'compose', code: service('    user: node\n') },
    { kind: 'compose', name: 'a non-root uid with group 0', code: service('    user: "1000:0"\n') },
    { kind: 'compose', name: 'a variable without default', code: service('    user: ${RUN_AS}\n') },
    { kind: 'compose', name: 'no user: the image decides (judged with its Dockerfile)', code: service('') },
    { kind: 'compose', name: 'an unused x- extension', code: 'x-root: &root\n  user: root\nservices:\n  app:\n    image: example/app:1.0\n' },
    { kind: 'compose', name: 'the service overrides a merged user', code: 'x-common: &common\n  user: root\nservices:\n  app:\n    <<: *common\n    image: example/app:1.0\n    user: "1000"\n' },
    { kind: 'compose', name: 'extends a service of another file', code: 'services:\n  app:\n    extends:\n      file: base.yaml\n      service: app\n' },
  ],
  invalid: [
    {
      name: 'no USER: anchored at the final FROM',
      code: 'FROM node:20\nWORKDIR /app\nCMD ["node", "server.js"]',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 13, message: 'sets no USER', severity: 'warning' }],
    },
    { code: 'FROM node:20\nUSER root', errors: [{ line: 2, column: 1, endLine: 2, endColumn: 10, message: 'USER root' }] },
    { code: 'FROM node:20\nUSER 0', errors: [{ line: 2, column: 1, endColumn: 7 }] },
    { code: 'FROM node:20\nUSER 0:0', errors: [{ line: 2, column: 1, endColumn: 9 }] },
    { code: 'FROM node:20\nUSER root:root', errors: [{ line: 2, column: 1, endColumn: 15 }] },
    { code: 'FROM node:20\nuser root', errors: [{ line: 2, column: 1, endColumn: 10 }] },
    { name: 'the last USER counts', code: 'FROM node:20\nUSER app\nRUN true\nUSER root\nCMD ["node"]', errors: [{ line: 4, column: 1, endColumn: 10 }] },
    { name: 'USER from an ARG default', code: 'FROM node:20\nARG RUN_AS=root\nUSER $RUN_AS', errors: [{ line: 3, column: 1, endColumn: 13, message: 'USER $RUN_AS' }] },
    { name: 'USER from a global ARG redeclared in the stage', code: 'ARG RUN_AS=0\nFROM node:20\nARG RUN_AS\nUSER ${RUN_AS}', errors: [{ line: 4, column: 1, endColumn: 15 }] },
    { name: 'USER from an ENV', code: 'FROM node:20\nENV APP_UID=0\nUSER ${APP_UID}:${APP_UID}', errors: [{ line: 3, column: 1, endColumn: 27 }] },
    { name: 'USER from an ENV an earlier stage set', code: 'FROM node:20 AS base\nENV RUN_AS=root\nFROM base\nUSER $RUN_AS', errors: [{ line: 4, column: 1, endColumn: 13 }] },
    {
      name: 'USER root inherited from an earlier stage',
      code: 'FROM node:20 AS base\nUSER root\nFROM base\nCMD ["node"]',
      errors: [{ line: 2, column: 1, endColumn: 10 }],
    },
    {
      name: 'only the final stage counts: a build stage with USER does not help',
      code: 'FROM golang:1.22 AS build\nUSER nobody\nRUN go build ./...\nFROM alpine:3.20\nCOPY --from=build /out/app /app\nCMD ["/app"]',
      errors: [{ line: 4, column: 1, endLine: 4, endColumn: 17, message: 'alpine:3.20' }],
    },
    {
      name: 'FROM --platform with a stage name',
      code: 'FROM --platform=linux/amd64 node:20 AS app\nCMD ["node"]',
      errors: [{ line: 1, column: 1, endColumn: 43 }],
    },
    { name: 'scratch runs as uid 0', code: 'FROM golang:1.22 AS build\nUSER 1000\nFROM scratch\nCOPY --from=build /app /app', errors: [{ line: 3, column: 1, endColumn: 13 }] },
    { name: 'distroless without :nonroot', code: 'FROM gcr.io/distroless/static-debian12', errors: [{ line: 1, column: 1 }] },
    { name: 'Chainguard wolfi-base runs as root', code: 'FROM cgr.dev/chainguard/wolfi-base', errors: [{ line: 1, column: 1 }] },
    { name: 'Chainguard go runs as root', code: 'FROM cgr.dev/chainguard/go:latest-dev', errors: [{ line: 1, column: 1 }] },
    { name: 'UBI base images (not language images) run as root', code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4', errors: [{ line: 1, column: 1 }] },
    { name: 'a nonroot-looking repository name is not a tag', code: 'FROM example/nonroot:1.0', errors: [{ line: 1, column: 1 }] },
    { name: '.NET images other than Chiseled run as root', code: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0', errors: [{ line: 1, column: 1 }] },
    { name: 'CRLF', code: 'FROM node:20\r\nUSER root\r\n', errors: [{ line: 2, column: 1, endLine: 2, endColumn: 10 }] },
    { name: 'byte order mark', code: '\uFEFFFROM node:20\nCMD ["node"]', errors: [{ line: 1, column: 2, endColumn: 14 }] },
    { name: 'tabs', code: 'FROM\tnode:20\nUSER\troot', errors: [{ line: 2, column: 1, endColumn: 10 }] },
    { name: 'escape directive and a continued USER', code: '# escape=`\nFROM node:20\nUSER `\n  root', errors: [{ line: 3, column: 1, endLine: 4, endColumn: 7, message: 'USER root' }] },

    { kind: 'compose', code: service('    user: root\n'), errors: [{ line: 4, column: 11, endLine: 4, endColumn: 15, message: 'Service "app" runs as root', severity: 'warning', related: [] }] },
    { kind: 'compose', code: service('    user: "0"\n'), errors: [{ line: 4, column: 11, endColumn: 14 }] },
    { kind: 'compose', code: service('    user: 0\n'), errors: [{ line: 4, column: 11, endColumn: 12 }] },
    { kind: 'compose', code: service('    user: "0:0"\n'), errors: [{ line: 4, column: 11, endColumn: 16 }] },
    { kind: 'compose', code: service('    user: root:root\n'), errors: [{ line: 4, column: 11, endColumn: 20 }] },
    { kind: 'compose', name: 'uid 0 with another group', code: service("    user: '0:1000'\n"), errors: [{ line: 4, column: 11, endColumn: 19 }] },
    { kind: 'compose', name: 'interpolation default', code: service('    user: ${RUN_AS:-root}\n'), errors: [{ line: 4, column: 11, endColumn: 26, message: '${RUN_AS:-root}' }] },
    {
      kind: 'compose',
      name: 'merge key: anchored at <<, defined in the anchor',
      code: 'x-common: &common\n  user: root\nservices:\n  app:\n    image: example/app:1.0\n    <<: *common\n',
      errors: [{ line: 6, column: 5, endColumn: 7, related: [{ line: 2, column: 9 }] }],
    },
    {
      kind: 'compose',
      name: 'alias value',
      code: 'x-root: &root "0"\nservices:\n  app:\n    image: example/app:1.0\n    user: *root\n',
      errors: [{ line: 5, column: 11, endColumn: 16, related: [{ line: 1, column: 15 }] }],
    },
    {
      kind: 'compose',
      name: 'extends within the file: anchored at extends, defined in the base service',
      code: 'services:\n  base:\n    image: example/app:1.0\n    user: root\n  web:\n    extends: base\n',
      errors: [
        { line: 4, column: 11, message: 'Service "base"' },
        { line: 6, column: 5, endColumn: 12, message: 'Service "web"', related: [{ line: 4, column: 11 }] },
      ],
    },
    {
      kind: 'compose',
      name: 'legacy v1 file',
      code: 'version: "2"\nweb:\n  image: nginx:1.27\n  user: root\n',
      errors: [{ line: 4, column: 9, endColumn: 13 }],
    },
  ],
});

describe('root-user: every front door', () => {
  it('an explicit root user: a warning in every front door, with the way that front door sets another user', () => {
    const ways = { compose: 'user: "10001:10001"', devcontainer: '"containerUser": "10001:10001"', run: '--user 10001:10001' };
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      for (const user of ['root', '0', '0:0', 'root:docker']) {
        const [found, ...more] = runtimeFindings('root-user', [container(frontDoor, { user: setting(user, 2) })]);
        assert.deepEqual(more, []);
        assert.equal(found.severity, 'warning');
        assert.ok(found.message.startsWith(`${container(frontDoor).label} runs as root`), found.message);
        assert.ok(found.message.endsWith(`e.g. ${ways[frontDoor]}.`), found.message);
      }
    }
  });

  it('no user, or an unprivileged one: nothing (what the image runs as is judged where it is built)', () => {
    assert.deepEqual(runtimeFindings('root-user', [container('run'), container('run', { user: setting('node') }), container('run', { user: setting('ROOT') })]), []);
  });

  it("the fix sets the image's own non-root user when it ships one, with the front door's edit", () => {
    const replaced: string[] = [];
    const user = setting('root', 2, { edits: { replace: (value) => (replaced.push(value), [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } }, newText: value }]) } });
    const [found] = runtimeFindings('root-user', [container('run', { image: setting('node:20'), user })]);
    assert.equal(found.fixes?.length, 1);
    assert.deepEqual(replaced, ['node']);
  });
});
