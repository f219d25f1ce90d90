import { ruleTester } from '../../helpers/rule-tester';

const DIGEST = 'sha256:' + 'a'.repeat(64);

ruleTester('image-latest-tag', {
  valid: [
    { name: 'tags that only start like a channel are versions', code: 'FROM node:lts-alpine3.20\nFROM alpine:edge-20240101\nFROM nginx:stable-1.26\nFROM app:dev-4f2a9c1' },
    { name: 'a floating tag pinned by digest', code: `FROM alpine:edge@${DIGEST}` },
    { kind: 'compose', name: 'a channel name as the repository is no tag', code: 'services:\n  a:\n    image: example/stable:1.2\n  b:\n    image: nightly:3.1\n' },
    'FROM ubuntu:24.04',
    'FROM ubuntu',
    `FROM ubuntu:latest@${DIGEST}`,
    'FROM scratch',
    'FROM ubuntu:latest-slim',
    'FROM localhost:5000/img:1.0',
    'ARG TAG\nFROM ubuntu:${TAG}',
    { name: 'an ARG after the first FROM is not global', code: 'FROM ubuntu:24.04 AS base\nARG TAG=latest\nFROM ubuntu:$TAG' },
    { name: 'a stage named latest', code: 'FROM node:20 AS latest\nFROM latest' },
    { kind: 'compose', code: 'services:\n  db:\n    image: postgres:16\n' },
    { kind: 'compose', code: `services:\n  db:\n    image: postgres:latest@${DIGEST}\n` },
    { kind: 'compose', code: 'services:\n  db:\n    image: postgres:${PG_TAG:-16}\n' },
    { kind: 'compose', name: 'image beside build names the built image', code: 'services:\n  app:\n    build: .\n    image: myapp:latest\n' },
    { kind: 'compose', name: 'an escaped dollar is not interpolation', code: 'services:\n  app:\n    image: app:$${TAG:-latest}\n' },
  ],
  invalid: [
    ...['stable', 'edge', 'nightly', 'dev', 'beta', 'canary', 'lts', 'rolling', 'current', 'Stable'].map((tag) => ({
      code: `FROM node:${tag}`,
      name: `the floating tag ${tag} in a Dockerfile`,
      errors: [{ line: 1, column: 6, message: `with the moving "${tag}" tag`, notMessage: '"latest"', severity: 'warning' as const }],
    })),
    { name: 'a floating tag through an ARG default', code: 'ARG CHANNEL=nightly\nFROM rust:${CHANNEL}', errors: [{ line: 2, message: '"nightly"' }] },
    {
      kind: 'compose',
      name: 'floating tags in Compose: plain, quoted, through a default and a registry with a port',
      code: 'services:\n  a:\n    image: traefik:stable\n  b:\n    image: "alpine:edge"\n  c:\n    image: node:${NODE_TAG:-lts}\n  d:\n    image: registry.local:5000/team/app:canary\n',
      errors: [{ line: 3, message: '"stable"' }, { line: 5, message: '"edge"' }, { line: 7, message: '"lts"' }, { line: 9, message: '"canary"' }],
    },
    { code: 'FROM ubuntu:latest', errors: [{ line: 1, column: 6, endColumn: 19, message: 'latest', severity: 'warning' }] },
    { code: 'ARG TAG=latest\nFROM node:${TAG} AS build\nFROM build', errors: [{ line: 2, column: 6, endColumn: 17, message: 'node:latest', related: [{ line: 1, column: 5 }] }] },
    { code: 'ARG BASE=ubuntu:latest\nFROM $BASE', errors: [{ line: 2, column: 6, endColumn: 11, message: '"$BASE" (ubuntu:latest)' }] },
    { code: 'FROM ubuntu:${TAG:-latest}', errors: [{ line: 1, column: 6, endColumn: 27 }] },
    { code: 'FROM --platform=$BUILDPLATFORM ghcr.io/org/img:latest', errors: [{ line: 1, column: 32 }] },
    { name: 'registry with a port', code: 'FROM localhost:5000/img:latest', errors: [{ line: 1, column: 6, endColumn: 31 }] },
    { name: 'every stage', code: 'FROM golang:latest AS build\nFROM alpine:latest\nCOPY --from=build /app /app', errors: [{ line: 1, column: 6, endColumn: 19 }, { line: 2, column: 6, endColumn: 19 }] },
    { name: 'CRLF and tabs', code: 'FROM\tubuntu:latest\r\n', errors: [{ line: 1, column: 6, endColumn: 19 }] },
    { kind: 'compose', code: 'services:\n  db:\n    image: postgres:${PG_TAG:-latest}\n', errors: [{ line: 3, column: 12, message: 'postgres:latest' }] },
    { kind: 'compose', code: 'services:\n  db:\n    image: "redis:latest"\n', errors: [{ line: 3, column: 12, endColumn: 26 }] },
    {
      kind: 'compose',
      name: 'merge key: anchored at <<',
      code: 'x-common: &common\n  image: redis:latest\nservices:\n  cache:\n    <<: *common\n',
      errors: [{ line: 5, column: 5, endColumn: 7, related: [{ line: 2, column: 10 }] }],
    },
    {
      kind: 'compose',
      name: 'extends: anchored at extends',
      code: 'services:\n  base:\n    image: redis:latest\n  cache:\n    extends:\n      service: base\n',
      errors: [{ line: 3, column: 12 }, { line: 5, column: 5, endColumn: 12, related: [{ line: 3, column: 12 }] }],
    },
  ],
});

const PIN_DIGEST = `sha256:${'b'.repeat(64)}`;

ruleTester('image-latest-tag', {
  valid: [],
  invalid: [
    {
      name: 'online: the pin-to-digest fix',
      code: 'FROM ubuntu:latest\n',
      imageFacts: { 'docker.io/library/ubuntu:latest': { resolvedAt: '2026-01-01T00:00:00.000Z', digest: PIN_DIGEST } },
      errors: [{ line: 1, column: 6 }],
      output: `FROM ubuntu:latest@${PIN_DIGEST}\n`,
    },
  ],
});

ruleTester('image-latest-tag', {
  valid: [],
  invalid: [
    {
      name: 'latest behind a variable registry, and with something that is not a digest',
      code: 'ARG REGISTRY\nFROM ${REGISTRY}/ubuntu:latest\nFROM alpine:latest@sha256\n',
      errors: [{ line: 2, column: 6 }, { line: 3, column: 6, message: 'is not a digest' }],
    },
  ],
});

ruleTester('image-latest-tag', {
  valid: [],
  invalid: [{ name: 'an ARG with several names sets every default a FROM uses', code: 'ARG REGISTRY=docker.io TAG=latest\nFROM ${REGISTRY}/node:${TAG}\n', errors: [{ line: 2, column: 6, message: '(docker.io/node:latest)' }] }],
});
