import * as assert from 'node:assert/strict';
import { isFromTrustedRegistry, parseImageReference } from '../../../rules/model/image-ref';
import { ruleTester } from '../../helpers/rule-tester';

const options = (...trustedRegistries: string[]) => ({ trustedRegistries });

ruleTester('image-untrusted-registry', {
  valid: [
    { name: 'inactive without a configured list', code: 'FROM evil.example.com/app:1.0' },
    { name: 'inactive with an empty list', code: 'FROM evil.example.com/app:1.0', options: options() },
    { code: 'FROM ghcr.io/myorg/app:1.0\nFROM node:20', options: options('ghcr.io/myorg', 'docker.io/library') },
    { name: 'stages, scratch, COPY --from a stage or an index', code: 'FROM ghcr.io/myorg/b:1 AS build\nFROM scratch\nCOPY --from=build /a /a\nCOPY --from=0 /b /b', options: options('ghcr.io') },
    { kind: 'compose', code: 'services:\n  db:\n    image: registry.example.com:5000/postgres:16\n', options: options('registry.example.com:5000') },
    { kind: 'compose', name: 'image beside build names the built image', code: 'services:\n  app:\n    build: .\n    image: evil.example.com/app:1\n', options: options('ghcr.io') },
  ],
  invalid: [
    {
      name: 'FROM outside the list, anchored at the reference',
      code: 'FROM quay.io/example/app:1.0\n',
      options: options('ghcr.io/myorg'),
      errors: [{ line: 1, column: 6, endColumn: 29, message: 'FROM "quay.io/example/app:1.0" from quay.io, which is not a trusted registry (ghcr.io/myorg)', severity: 'warning' }],
    },
    {
      name: 'Docker Hub images when only the official ones are trusted',
      code: 'FROM node:20\nFROM bitnami/node:20\n',
      options: options('docker.io/library'),
      errors: [{ line: 2, column: 6, endColumn: 21, message: 'from docker.io' }],
    },
    {
      name: 'COPY --from and RUN --mount=from an image',
      code: 'FROM ghcr.io/myorg/base:1\nCOPY --from=ghcr.io/other/tools:1.2 /bin/tool /usr/bin/\nRUN --mount=type=bind,from=alpine:3.20,target=/a ls /a\n',
      options: options('ghcr.io/myorg'),
      errors: [
        { line: 2, column: 13, endColumn: 36, message: 'COPY --from "ghcr.io/other/tools:1.2"' },
        { line: 3, column: 28, endColumn: 39, message: 'RUN --mount from "alpine:3.20" from docker.io' },
      ],
    },
    {
      kind: 'compose',
      name: 'compose, a port is a different registry',
      code: 'services:\n  db:\n    image: registry.example.com:5000/postgres:16\n',
      options: options('registry.example.com'),
      errors: [{ line: 3, column: 12, endColumn: 49, message: 'Service "db" uses' }],
    },
  ],
});

describe('trusted registry matching follows Docker reference normalisation', () => {
  const trusted = (image: string, ...entries: string[]) => isFromTrustedRegistry(parseImageReference(image)!, entries);

  it('Docker Hub: docker.io, index.docker.io, library/ and namespaces', () => {
    assert.ok(trusted('node:20', 'docker.io'));
    assert.ok(trusted('node:20', 'index.docker.io'));
    assert.ok(trusted('index.docker.io/library/node:20', 'docker.io/library'));
    assert.ok(trusted('docker.io/library/node', 'docker.io/node'), 'a single Docker Hub name is also the official image');
    assert.ok(trusted('myorg/app:1', 'myorg'), 'a first part that is not a host is a Docker Hub path');
    assert.ok(trusted('myorg/app:1', 'https://docker.io/myorg/'));
    assert.ok(!trusted('myorg/app:1', 'docker.io/library'));
    assert.ok(!trusted('node:20', 'ghcr.io'));
  });

  it('hosts with ports, localhost, case, path boundaries', () => {
    assert.ok(trusted('localhost:5000/app', 'localhost:5000'));
    assert.ok(!trusted('localhost:5000/app', 'localhost'));
    assert.ok(trusted('localhost/app', 'localhost'));
    assert.ok(trusted('GHCR.io/myorg/app:1', 'ghcr.io/myorg'));
    assert.ok(trusted('ghcr.io/myorg', 'ghcr.io/myorg'));
    assert.ok(!trusted('ghcr.io/myorganisation/app', 'ghcr.io/myorg'));
    assert.ok(trusted('ghcr.io/myorg/team/app@sha256:' + 'a'.repeat(64), 'ghcr.io/myorg/team'));
  });
});
