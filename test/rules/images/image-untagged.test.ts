import { ruleTester } from '../../helpers/rule-tester';

const DIGEST = 'sha256:' + 'a'.repeat(64);

ruleTester('image-untagged', {
  valid: [
    'FROM ubuntu:24.04',
    `FROM ubuntu@${DIGEST}`,
    'FROM scratch',
    'FROM localhost:5000/img:1.0',
    'FROM registry.example.com:5000/team/img:2024.1',
    { name: 'an earlier stage is not an image', code: 'FROM node:20 AS build\nFROM build' },
    { name: 'stage names are case-insensitive', code: 'FROM node:20 AS Build\nFROM BUILD AS test\nFROM test' },
    { name: 'ARG default with a tag', code: 'ARG TAG=24.04\nFROM ubuntu:${TAG}' },
    { name: 'interpolation default with a tag', code: 'FROM ubuntu:${TAG:-24.04}' },
    { name: 'ARG without default: unknown, not reported', code: 'ARG IMAGE\nFROM $IMAGE' },
    { name: 'ARG without default in the tag', code: 'ARG TAG\nFROM ubuntu:$TAG' },
    { name: 'an ARG after the first FROM is not global', code: 'FROM ubuntu:24.04\nARG BASE=alpine\nFROM $BASE' },
    { name: 'FROM inside a heredoc is not an instruction', code: 'FROM ubuntu:24.04\nCOPY <<EOF /Dockerfile.template\nFROM alpine\nEOF\n' },
    { kind: 'compose', code: 'services:\n  db:\n    image: postgres:16\n' },
    { kind: 'compose', code: `services:\n  db:\n    image: postgres@${DIGEST}\n` },
    { kind: 'compose', name: 'image beside build names the built image', code: 'services:\n  app:\n    build: .\n    image: example/app\n' },
    { kind: 'compose', name: 'a variable without default', code: 'services:\n  app:\n    image: ${APP_IMAGE}\n' },
    { kind: 'compose', name: 'interpolated registry, tagged', code: 'services:\n  app:\n    image: ${REGISTRY:-ghcr.io}/org/app:1.0\n' },
    { kind: 'compose', name: 'an unused x- extension', code: 'x-base:\n  image: nginx\nservices:\n  web:\n    image: nginx:1.27\n' },
    { kind: 'compose', name: 'no image at all', code: 'services:\n  web:\n    build: ./web\n' },
  ],
  invalid: [
    { code: 'FROM ubuntu', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 12, message: '"ubuntu" without a tag or digest', severity: 'warning', related: [] }] },
    { name: 'registry with a port: the port is not a tag', code: 'FROM localhost:5000/img', errors: [{ line: 1, column: 6, endColumn: 24, message: 'localhost:5000/img' }] },
    { code: 'FROM registry.example.com:5000/team/img', errors: [{ line: 1, column: 6, endColumn: 40 }] },
    { name: 'FROM --platform', code: 'FROM --platform=$BUILDPLATFORM golang AS build\nFROM build', errors: [{ line: 1, column: 32, endColumn: 38 }] },
    {
      name: 'global ARG default',
      code: 'ARG BASE=node\nFROM ${BASE}',
      errors: [{ line: 2, column: 6, endColumn: 13, message: '"${BASE}" (node)', related: [{ line: 1, column: 5 }] }],
    },
    { name: 'interpolation default', code: 'FROM ${BASE:-alpine}', errors: [{ line: 1, column: 6, endColumn: 21, message: '(alpine)', related: [] }] },
    {
      name: 'stages and images',
      code: 'FROM node AS build\nFROM build AS test\nFROM python\nFROM scratch',
      errors: [{ line: 1, column: 6, endColumn: 10 }, { line: 3, column: 6, endColumn: 12 }],
    },
    { name: 'a stage named later is an image here', code: 'FROM build\nFROM node:20 AS build', errors: [{ line: 1, column: 6, endColumn: 11, message: '"build"' }] },
    { name: 'byte order mark and CRLF', code: '\uFEFFFROM ubuntu\r\nRUN true\r\n', errors: [{ line: 1, column: 7, endColumn: 13 }] },
    { name: 'tabs', code: 'FROM\tubuntu\tAS\tbase', errors: [{ line: 1, column: 6, endColumn: 12 }] },
    { name: 'escape directive and a continued FROM', code: '# escape=`\nFROM `\n  ubuntu', errors: [{ line: 3, column: 3, endLine: 3, endColumn: 9 }] },

    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n', errors: [{ line: 3, column: 12, endLine: 3, endColumn: 17, message: 'Service "web" uses "nginx"' }] },
    { kind: 'compose', name: 'quoted', code: "services:\n  cache:\n    image: 'redislabs/redismod'\n", errors: [{ line: 3, column: 12, endColumn: 32 }] },
    { kind: 'compose', name: 'registry with a port', code: 'services:\n  app:\n    image: localhost:5000/img\n', errors: [{ line: 3, column: 12, endColumn: 30 }] },
    {
      kind: 'compose',
      name: 'interpolated value: anchored at the value',
      code: 'services:\n  app:\n    image: ${REGISTRY:-ghcr.io}/org/app\n',
      errors: [{ line: 3, column: 12, endColumn: 40, message: '(ghcr.io/org/app)' }],
    },
    {
      kind: 'compose',
      name: 'merge key: anchored at <<',
      code: 'x-common: &common\n  image: redis\nservices:\n  cache:\n    <<: *common\n',
      errors: [{ line: 5, column: 5, endColumn: 7, related: [{ line: 2, column: 10 }] }],
    },
    {
      kind: 'compose',
      name: 'alias value',
      code: 'x-image: &image redis\nservices:\n  cache:\n    image: *image\n',
      errors: [{ line: 4, column: 12, endColumn: 18, related: [{ line: 1, column: 17 }] }],
    },
    {
      kind: 'compose',
      name: 'extends: anchored at extends',
      code: 'services:\n  base:\n    image: redis\n  cache:\n    extends: base\n',
      errors: [{ line: 3, column: 12, message: 'Service "base"' }, { line: 5, column: 5, endColumn: 12, message: 'Service "cache"', related: [{ line: 3, column: 12 }] }],
    },
    { kind: 'compose', name: 'legacy v1 file', code: 'web:\n  image: nginx\n', errors: [{ line: 2, column: 10, endColumn: 15 }] },
  ],
});

const PIN_DIGEST = `sha256:${'b'.repeat(64)}`;

ruleTester('image-untagged', {
  valid: [],
  invalid: [
    {
      name: 'online: the pin-to-digest fix',
      code: 'FROM python\n',
      imageFacts: { 'docker.io/library/python:latest': { resolvedAt: '2026-01-01T00:00:00.000Z', digest: PIN_DIGEST } },
      errors: [{ line: 1, column: 6 }],
      output: `FROM python@${PIN_DIGEST}\n`,
    },
  ],
});

ruleTester('image-untagged', {
  valid: [
    { name: 'a declared ARG without a default may bring a tag', code: 'ARG TAG\nFROM alpine$TAG\n' },
    { name: 'the predefined platform ARGs have values from the build', code: 'FROM golang:1.23-$TARGETARCH\nFROM alpine${TARGETVARIANT}\n' },
    { name: 'a variable in the last component may hold a tag', code: 'ARG REGISTRY\nARG IMAGE\nFROM ${REGISTRY}/${IMAGE}\nFROM ${REGISTRY}/ubuntu:${TAG:-22.04}\n' },
    { name: 'a tagged last component behind an unknown registry', code: 'ARG REGISTRY\nFROM ${REGISTRY}/library/ubuntu:22.04\n' },
    { name: 'a real digest, sha256 or sha512', code: `FROM alpine@sha256:${'a'.repeat(64)}\nFROM alpine@sha512:${'0'.repeat(128)}\n` },
  ],
  invalid: [
    {
      name: 'a variable never declared is empty in FROM: provably untagged',
      code: 'FROM alpine$TAG\nFROM node${VERSION}\nARG OTHER=x\nFROM --platform=$BUILDPLATFORM python$PY AS build\n',
      errors: [{ line: 1, column: 6, endColumn: 16, message: '"alpine$TAG" (alpine)' }, { line: 2, column: 6 }, { line: 4, column: 32 }],
    },
    {
      name: 'a literal repository after a variable registry carries no tag',
      code: 'ARG REGISTRY\nFROM ${REGISTRY}/ubuntu\nFROM $REGISTRY/team/app AS app\nFROM ${MIRROR}/library/debian\n',
      errors: [{ line: 2, column: 6, message: '"${REGISTRY}/ubuntu" without a tag' }, { line: 3, column: 6 }, { line: 4, column: 6 }],
    },
    {
      name: 'what follows @ is not a digest',
      code: `FROM alpine@v1\nFROM alpine@sha256\nFROM alpine@sha256:abc123\nFROM alpine@sha256:${'A'.repeat(64)}\nFROM alpine@md5:${'a'.repeat(32)}\nFROM alpine@sha512:${'a'.repeat(64)}\n`,
      errors: [
        { line: 1, message: '"@v1" is not a digest' },
        { line: 2, message: '"@sha256" is not a digest' },
        { line: 3, message: 'is not a digest' },
        { line: 4, message: 'is not a digest' },
        { line: 5, message: 'is not a digest' },
        { line: 6, message: 'is not a digest' },
      ],
    },
    { name: 'Compose: what follows @ is not a digest', kind: 'compose', code: 'services:\n  web:\n    image: nginx@v1\n', errors: [{ line: 3, column: 12, message: 'is not a digest' }] },
  ],
});
