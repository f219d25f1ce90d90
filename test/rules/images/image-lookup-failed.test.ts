import { ruleTester } from '../../helpers/rule-tester';

const at = '2026-01-01T00:00:00.000Z';

ruleTester('image-lookup-failed', {
  valid: [
    { name: 'offline', code: 'FROM node:20' },
    { name: 'resolved', code: 'FROM node:20', imageFacts: { 'docker.io/library/node:20': { resolvedAt: at, digest: `sha256:${'e'.repeat(64)}` } } },
  ],
  invalid: [
    {
      name: 'the tag does not exist',
      code: 'FROM node:20.99\n',
      imageFacts: { 'docker.io/library/node:20.99': { resolvedAt: at, failure: 'not found (404): the registry has no tag docker.io/library/node:20.99' } },
      errors: [{ line: 1, column: 6, endColumn: 16, severity: 'info', message: 'Bulwark could not resolve "node:20.99" through its registry: not found (404)' }],
    },
    {
      kind: 'compose',
      name: 'the signature search failed',
      code: 'services:\n  app:\n    image: ghcr.io/acme/app:1\n',
      imageFacts: { 'ghcr.io/acme/app:1': { resolvedAt: at, digest: `sha256:${'e'.repeat(64)}`, signatures: { verified: [], unverified: [], failure: 'no answer within 5000 ms (timeout)' } } },
      errors: [{ line: 3, column: 12, message: 'could not look for the signatures of "ghcr.io/acme/app:1" through its registry: no answer within 5000 ms (timeout)' }],
    },
  ],
});
