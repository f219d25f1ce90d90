import { ruleTester } from '../helpers/rule-tester';

ruleTester('image-latest-tag', {
  valid: [
    'FROM ubuntu:24.04',
    'FROM ubuntu',
    'FROM ubuntu:latest@sha256:' + 'a'.repeat(64),
    'FROM scratch',
    'ARG TAG\nFROM ubuntu:${TAG}',
    { kind: 'compose', code: 'services:\n  db:\n    image: postgres:16\n' },
    { kind: 'compose', code: 'services:\n  app:\n    build: .\n    image: myapp:latest\n', name: 'image beside build names the built image' },
  ],
  invalid: [
    { code: 'FROM ubuntu:latest', errors: [{ line: 1, column: 6, endColumn: 19, message: 'latest' }] },
    { code: 'ARG TAG=latest\nFROM node:${TAG} AS build\nFROM build', errors: [{ line: 2, column: 6, endColumn: 17, message: 'node:latest' }] },
    { code: 'FROM --platform=$BUILDPLATFORM ghcr.io/org/img:latest', errors: [{ line: 1, column: 32 }] },
    { kind: 'compose', code: 'services:\n  db:\n    image: postgres:${PG_TAG:-latest}\n', errors: [{ line: 3, column: 12, message: 'postgres:latest' }] },
    { kind: 'compose', code: 'services:\n  db:\n    image: "redis:latest"\n', errors: [{ line: 3, column: 12, endColumn: 26 }] },
  ],
});
