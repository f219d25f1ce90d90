import { ruleTester } from '../../helpers/rule-tester';

const DIGEST = 'sha256:' + 'c'.repeat(64);

ruleTester('image-not-pinned-by-digest', {
  valid: [
    { name: 'floating tags are image-latest-tag\'s', code: 'FROM alpine:edge\nFROM node:lts\nFROM traefik:Stable' },
    `FROM node:20.18-alpine@${DIGEST}`,
    `FROM node@${DIGEST}`,
    { name: 'untagged and latest have their own rules', code: 'FROM ubuntu\nFROM ubuntu:latest' },
    'FROM scratch',
    { name: 'an earlier stage', code: `FROM golang:1.23@${DIGEST} AS build\nFROM build` },
    { name: 'a variable without default', code: 'ARG TAG\nFROM ubuntu:${TAG}' },
    { name: 'a digest from an ARG default', code: `ARG BASE=alpine:3.20@${DIGEST}\nFROM $BASE` },
    { kind: 'compose', code: `services:\n  db:\n    image: postgres:16.4@${DIGEST}\n` },
    { kind: 'compose', name: 'image beside build names the built image', code: 'services:\n  app:\n    build: .\n    image: myapp:1.0\n' },
  ],
  invalid: [
    { code: 'FROM node:20.18-alpine3.20', errors: [{ line: 1, column: 6, endColumn: 27, message: 'FROM "node:20.18-alpine3.20" by tag only', severity: 'info' }] },
    {
      name: 'every stage, registries with ports',
      code: 'FROM localhost:5000/tools:1.2 AS build\nFROM ghcr.io/org/app:v3\n',
      errors: [{ line: 1, column: 6, endColumn: 30 }, { line: 2, column: 6, endColumn: 24 }],
    },
    { name: 'from an ARG default, with the ARG related', code: 'ARG TAG=3.20\nFROM alpine:${TAG}', errors: [{ line: 2, column: 6, endColumn: 19, message: '"alpine:${TAG}" (alpine:3.20)', related: [{ line: 1, column: 5 }] }] },
    { kind: 'compose', code: 'services:\n  db:\n    image: postgres:${PG_TAG:-16}\n', errors: [{ line: 3, column: 12, endColumn: 34, message: 'Service "db" uses "postgres:${PG_TAG:-16}" (postgres:16)' }] },
    {
      kind: 'compose',
      name: 'merge key: anchored at <<',
      code: 'x-common: &common\n  image: redis:7.4\nservices:\n  cache:\n    <<: *common\n',
      errors: [{ line: 5, column: 5, endColumn: 7, related: [{ line: 2, column: 10 }] }],
    },
  ],
});

const INDEX_DIGEST = `sha256:${'a'.repeat(64)}`;
const resolved = (digest: string) => ({ resolvedAt: '2026-01-01T00:00:00.000Z', digest, platforms: ['linux/amd64', 'linux/arm64/v8'] });

ruleTester('image-not-pinned-by-digest', {
  valid: [{ name: 'online, a pinned reference', code: `FROM node:20@${INDEX_DIGEST}`, imageFacts: { [`docker.io/library/node:20@${INDEX_DIGEST}`]: resolved(INDEX_DIGEST) } }],
  invalid: [
    {
      name: 'online: the pin fix appends the index digest and keeps the tag',
      code: 'FROM node:20 AS build\n',
      imageFacts: { 'docker.io/library/node:20': resolved(INDEX_DIGEST) },
      errors: [{ line: 1, column: 6, endColumn: 13 }],
      output: `FROM node:20@${INDEX_DIGEST} AS build\n`,
    },
    {
      name: 'online: a reference from an ARG default is pinned in the ARG (inside its quotes)',
      code: 'ARG BASE="ghcr.io/acme/base:1.4"\nFROM ${BASE}\n',
      imageFacts: { 'ghcr.io/acme/base:1.4': resolved(INDEX_DIGEST) },
      errors: [{ line: 2, column: 6 }],
      output: `ARG BASE="ghcr.io/acme/base:1.4@${INDEX_DIGEST}"\nFROM \${BASE}\n`,
    },
    {
      name: 'online: a tag from an ARG default is pinned in the ARG',
      code: 'ARG TAG=3.20\nFROM alpine:$TAG\n',
      imageFacts: { 'docker.io/library/alpine:3.20': resolved(INDEX_DIGEST) },
      errors: [{ line: 2, column: 6 }],
      output: `ARG TAG=3.20@${INDEX_DIGEST}\nFROM alpine:$TAG\n`,
    },
    {
      name: 'online: a variable inside the reference is kept, the digest goes after it',
      code: 'ARG REGISTRY=ghcr.io\nFROM ${REGISTRY}/acme/base:1.4\n',
      imageFacts: { 'ghcr.io/acme/base:1.4': resolved(INDEX_DIGEST) },
      errors: [{ line: 2, column: 6 }],
      output: `ARG REGISTRY=ghcr.io\nFROM \${REGISTRY}/acme/base:1.4@${INDEX_DIGEST}\n`,
    },
    {
      kind: 'compose',
      name: 'online: a quoted Compose image',
      code: "services:\n  db:\n    image: 'postgres:16.4'\n",
      imageFacts: { 'docker.io/library/postgres:16.4': resolved(INDEX_DIGEST) },
      errors: [{ line: 3, column: 12 }],
      output: `services:\n  db:\n    image: 'postgres:16.4@${INDEX_DIGEST}'\n`,
    },
    {
      kind: 'compose',
      name: 'online: an image from a merge key has no pin fix (the anchor may serve several services)',
      code: 'x-common: &common\n  image: redis:7.4\nservices:\n  cache:\n    <<: *common\n',
      imageFacts: { 'docker.io/library/redis:7.4': resolved(INDEX_DIGEST) },
      errors: [{ line: 5, column: 5 }],
      output: 'x-common: &common\n  image: redis:7.4\nservices:\n  cache:\n    <<: *common\n',
    },
    {
      name: 'online, the lookup failed: no fix',
      code: 'FROM node:20\n',
      imageFacts: { 'docker.io/library/node:20': { resolvedAt: '2026-01-01T00:00:00.000Z', failure: 'timeout' } },
      errors: [{ line: 1 }],
      output: 'FROM node:20\n',
    },
  ],
});

ruleTester('image-not-pinned-by-digest', {
  valid: [{ name: 'a real digest after the tag', code: `FROM alpine:3.20@sha256:${'a'.repeat(64)}\n` }],
  invalid: [
    {
      name: 'a tag with something that is not a digest after @',
      code: 'FROM alpine:3.20@sha256\nFROM alpine:3.20@v1\nFROM alpine:3.20@sha256:deadbeef\n',
      errors: [{ line: 1, column: 6, message: '"@sha256" is not a digest' }, { line: 2, message: '"@v1"' }, { line: 3, message: 'is not a digest' }],
    },
    {
      name: 'a tag behind a registry from a variable without a value',
      code: 'ARG REGISTRY\nFROM ${REGISTRY}/ubuntu:22.04\n',
      errors: [{ line: 2, column: 6, endColumn: 30, message: '"${REGISTRY}/ubuntu:22.04" by tag only' }],
    },
  ],
});
