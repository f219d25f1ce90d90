import { ruleTester } from '../helpers/rule-tester';

const DIGEST = 'sha256:' + 'c'.repeat(64);

ruleTester('image-not-pinned-by-digest', {
  valid: [
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
