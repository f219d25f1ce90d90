import * as assert from 'node:assert/strict';
import { lint, resolveLocation, folderOf } from '../../../rules';
import { memoryWorkspace } from '../../helpers/memory-workspace';

function rootUserFindings(compose: string, files: Record<string, string>, uri = 'file:///proj/compose.yaml') {
  return lint({ uri, text: compose }, { workspace: memoryWorkspace(files) }).findings.filter((f) => f.ruleId === 'root-user');
}

describe('root-user across a Compose file and the Dockerfile it builds', () => {
  const rootDockerfile = 'FROM node:20\nCMD ["node", "app.js"]\n';
  const userDockerfile = 'FROM node:20\nUSER node\nCMD ["node", "app.js"]\n';

  it('reports a service that builds a root image and sets no user, at the service key, with the Dockerfile as related', () => {
    const found = rootUserFindings('services:\n  api:\n    build: ./api\n', { 'file:///proj/api/Dockerfile': rootDockerfile });
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].range, { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } });
    assert.equal(found[0].related?.[0].uri, 'file:///proj/api/Dockerfile');
    assert.equal(found[0].related?.[0].range.start.line, 0);
  });

  it('follows context, dockerfile and target of the long syntax', () => {
    const dockerfile = 'FROM node:20 AS build\nRUN make\nFROM node:20-slim AS runtime\nUSER 10001\n';
    const files = { 'file:///proj/svc/docker/Prod.Dockerfile': dockerfile };
    assert.equal(rootUserFindings('services:\n  a:\n    build:\n      context: svc\n      dockerfile: docker/Prod.Dockerfile\n', files).length, 0);
    const found = rootUserFindings('services:\n  a:\n    build:\n      context: svc\n      dockerfile: docker/Prod.Dockerfile\n      target: build\n', files);
    assert.equal(found.length, 1);
    assert.equal(found[0].related?.[0].range.start.line, 0);
  });

  it('is silent when the image ends with a non-root USER, when the service sets a user, or when the Dockerfile is missing', () => {
    assert.equal(rootUserFindings('services:\n  api:\n    build: .\n', { 'file:///proj/Dockerfile': userDockerfile }).length, 0);
    assert.equal(rootUserFindings('services:\n  api:\n    build: .\n    user: "1000"\n', { 'file:///proj/Dockerfile': rootDockerfile }).length, 0);
    assert.equal(rootUserFindings('services:\n  api:\n    build: ./missing\n', {}).length, 0);
    assert.equal(rootUserFindings('services:\n  api:\n    build: https://github.com/org/repo.git#main\n', {}).length, 0);
  });

  it('reads dockerfile_inline without the workspace', () => {
    const found = lint({ uri: 'compose.yaml', text: 'services:\n  a:\n    build:\n      dockerfile_inline: |\n        FROM alpine:3.20\n        USER root\n' }).findings.filter((f) => f.ruleId === 'root-user');
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 1);
  });

  it('the compose file alone, without a workspace, gets no cross-file finding', () => {
    assert.equal(lint({ uri: 'file:///proj/compose.yaml', text: 'services:\n  api:\n    build: .\n' }).findings.filter((f) => f.ruleId === 'root-user').length, 0);
  });
});

describe('workspace locations', () => {
  it('resolves Compose paths against file URIs and plain paths', () => {
    assert.equal(resolveLocation(folderOf('file:///p/q/compose.yaml'), '../api/Dockerfile'), 'file:///p/api/Dockerfile');
    assert.equal(resolveLocation(folderOf('file:///p/my%20app/compose.yaml'), 'Docker file'), 'file:///p/my%20app/Docker%20file');
    assert.equal(resolveLocation(folderOf('/p/q/compose.yaml'), './api/../web/Dockerfile'), '/p/q/web/Dockerfile');
    assert.equal(resolveLocation(folderOf('compose.yaml'), 'api/Dockerfile'), './api/Dockerfile');
  });
});
