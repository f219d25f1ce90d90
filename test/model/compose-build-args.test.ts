import * as assert from 'node:assert/strict';
import { lint } from '../../rules';
import { ruleTester } from '../helpers/rule-tester';

const DOCKERFILE = 'ARG NODE_TAG=20\nFROM node:${NODE_TAG}\nUSER node\n';
const api = (args: string) => `services:\n  api:\n    build:\n      context: ./api\n      args:\n${args}`;

ruleTester('image-latest-tag', {
  valid: [
    { kind: 'compose', name: 'the build arg pins a version', code: api('        NODE_TAG: "22"\n'), files: { 'api/Dockerfile': 'ARG NODE_TAG=latest\nFROM node:${NODE_TAG}\n' } },
    { kind: 'compose', name: 'an argument the Dockerfile does not declare before FROM does not choose the base', code: api('        NODE_TAG: latest\n'), files: { 'api/Dockerfile': 'FROM node:20\nARG NODE_TAG\n' } },
    { kind: 'compose', name: 'an argument named without a value comes from the shell', code: api('        - NODE_TAG\n'), files: { 'api/Dockerfile': DOCKERFILE } },
    { kind: 'compose', name: 'the Dockerfile cannot be read', code: api('        NODE_TAG: latest\n'), files: {} },
    { kind: 'compose', name: 'the argument chooses an earlier stage', code: api('        BASE: build\n'), files: { 'api/Dockerfile': 'ARG BASE=node:20\nFROM node:20 AS build\nFROM ${BASE}\n' } },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'a base image chosen by a build arg is reported at the arg, the FROM related',
      code: api('        NODE_TAG: latest\n'),
      files: { 'api/Dockerfile': DOCKERFILE },
      errors: [{ line: 6, column: 9, endColumn: 25, message: 'Service "api" builds on "node:${NODE_TAG}" (node:latest)', related: [{ line: 2, column: 6, file: 'api/Dockerfile' }] }],
    },
    {
      kind: 'compose',
      name: 'list form, value from .env',
      code: api('        - NODE_TAG=${TAG:-20}\n'),
      files: { 'api/Dockerfile': DOCKERFILE, '.env': 'TAG=latest\n' },
      errors: [{ line: 6, column: 11, related: [{ line: 2, file: 'api/Dockerfile' }, { line: 1, file: '.env' }] }],
    },
    {
      kind: 'compose',
      name: 'dockerfile_inline ($$ keeps the Dockerfile\'s variable from Compose interpolation)',
      code: 'services:\n  api:\n    build:\n      dockerfile_inline: |\n        ARG TAG=20\n        FROM node:$${TAG}\n      args:\n        TAG: latest\n',
      errors: [{ line: 8, related: [{ line: 3 }] }],
    },
  ],
});

ruleTester('image-untagged', {
  valid: [],
  invalid: [
    {
      kind: 'compose',
      name: 'a build arg names an image without a tag',
      code: 'services:\n  app:\n    build:\n      context: .\n      args:\n        BASE_IMAGE: python\n',
      files: { Dockerfile: 'ARG BASE_IMAGE=python:3.12\nFROM ${BASE_IMAGE}\n' },
      errors: [{ line: 6, message: '(python)', related: [{ line: 2, file: 'Dockerfile' }] }],
    },
  ],
});

describe('build args and the Dockerfile alone', () => {
  it('the Dockerfile is judged with its own defaults', () => {
    const findings = lint({ uri: 'file:///project/api/Dockerfile', text: DOCKERFILE }).findings.filter((f) => f.ruleId === 'image-untagged' || f.ruleId === 'image-latest-tag');
    assert.deepEqual(findings, []);
  });
});
