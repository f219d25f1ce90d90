import * as assert from 'node:assert/strict';
import { lint } from '../../../rules';
import { memoryWorkspace } from '../../helpers/memory-workspace';
import { kicsFixtures } from '../../helpers/kics';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester('healthcheck-missing', {
  valid: [
    'FROM node:20\nHEALTHCHECK CMD wget -qO- http://127.0.0.1:3000/ || exit 1\nCMD ["node", "app.js"]',
    { name: 'HEALTHCHECK NONE is a choice', code: 'FROM alpine:3.20\nHEALTHCHECK NONE' },
    { name: 'inherited from the stage built on', code: 'FROM node:20 AS base\nHEALTHCHECK CMD true\nFROM base\nCMD ["node"]' },
    { name: 'only the final stage counts', code: 'FROM golang:1.23 AS build\nRUN go build\nFROM alpine:3.20\nHEALTHCHECK CMD /app -ping' },
    { kind: 'compose', code: 'services:\n  cache:\n    image: redis:7.4\n    healthcheck:\n      test: ["CMD", "redis-cli", "ping"]\n' },
    { kind: 'compose', name: 'disable: true and test NONE are choices', code: 'services:\n  a:\n    image: x:1\n    healthcheck:\n      disable: true\n  b:\n    image: y:1\n    healthcheck:\n      test: ["NONE"]\n' },
    { kind: 'compose', name: 'a build whose inline Dockerfile has a HEALTHCHECK', code: 'services:\n  app:\n    build:\n      dockerfile_inline: |\n        FROM alpine:3.20\n        HEALTHCHECK CMD true\n' },
    { kind: 'compose', name: 'inherited through extends', code: 'services:\n  base:\n    image: x:1\n    healthcheck: {test: [CMD, "true"]}\n  app:\n    extends: base\n' },
  ],
  invalid: [
    {
      name: 'no HEALTHCHECK: anchored at the final FROM',
      code: 'FROM golang:1.23 AS build\nHEALTHCHECK CMD true\nFROM alpine:3.20\nCOPY --from=build /app /app\n',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 17, message: 'The final stage has no HEALTHCHECK', severity: 'info' }],
    },
    {
      kind: 'compose',
      name: 'an image-only service, anchored at the service key',
      code: 'services:\n  cache:\n    image: redis:7.4\n',
      errors: [{ line: 2, column: 3, endColumn: 8, message: 'cannot see whether its image defines a HEALTHCHECK' }],
    },
    {
      kind: 'compose',
      name: 'a build whose inline Dockerfile has none; an unreadable build',
      code: 'services:\n  app:\n    build:\n      dockerfile_inline: |\n        FROM alpine:3.20\n  api:\n    build: ./api\n',
      errors: [{ line: 2, message: 'the image it builds defines no HEALTHCHECK' }, { line: 6, message: 'could not read the Dockerfile' }],
    },
  ],
});

describe('healthcheck-missing across a Compose file and the Dockerfile it builds', () => {
  const workspace = (files: Record<string, string>) => memoryWorkspace(files);
  const findings = (compose: string, files: Record<string, string>) =>
    lint({ uri: 'file:///proj/compose.yaml', text: compose }, { workspace: workspace(files) }).findings.filter((f) => f.ruleId === 'healthcheck-missing');

  it('is silent when the built stage has a HEALTHCHECK, and follows build.target', () => {
    const dockerfile = 'FROM node:20 AS dev\nCMD ["npm", "run", "dev"]\nFROM node:20 AS prod\nHEALTHCHECK CMD true\n';
    const files = { 'file:///proj/web/Dockerfile': dockerfile };
    assert.equal(findings('services:\n  web:\n    build: ./web\n', files).length, 0);
    const dev = findings('services:\n  web:\n    build:\n      context: web\n      target: dev\n', files);
    assert.equal(dev.length, 1);
    assert.equal(dev[0].related?.[0].uri, 'file:///proj/web/Dockerfile');
    assert.equal(dev[0].related?.[0].range.start.line, 0);
  });
});

kicsFixtures('healthcheck-missing', 'dockerfile/healthcheck_instruction_missing');
kicsFixtures('healthcheck-missing', 'compose/healthcheck_not_set', {
  'positive2.yaml': { lines: [], why: 'healthcheck: {disable: true} is an explicit choice, as HEALTHCHECK NONE is' },
  'positive3.yaml': { lines: [], why: 'test: ["NONE"] is an explicit choice, as HEALTHCHECK NONE is' },
});

ruleTester('healthcheck-missing', {
  valid: [],
  invalid: [
    {
      name: 'an ONBUILD HEALTHCHECK is for the child images, not this one',
      code: 'FROM alpine:3.20\nONBUILD HEALTHCHECK CMD wget -q localhost\n',
      errors: [{ line: 1 }],
    },
  ],
});
