import type { ImageFacts } from '../../../rules';
import { ruleTester } from '../../helpers/rule-tester';

const DIGEST = `sha256:${'d'.repeat(64)}`;
const at = '2026-01-01T00:00:00.000Z';
const facts = (signatures: ImageFacts['signatures']): ImageFacts => ({ resolvedAt: at, digest: DIGEST, signatures });

ruleTester('image-unsigned', {
  valid: [
    { name: 'offline: nothing is known', code: 'FROM node:20' },
    { name: 'not known yet', code: 'FROM node:20', imageFacts: {} },
    { name: 'verified with a configured key', code: 'FROM node:20', imageFacts: { 'docker.io/library/node:20': facts({ verified: [{ mechanism: 'cosign', signer: 'release key' }], unverified: [] }) } },
    {
      name: 'Content Trust verified beside an unknown cosign signature',
      code: 'FROM node:20',
      imageFacts: { 'docker.io/library/node:20': facts({ verified: [{ mechanism: 'docker-content-trust', signer: 'root' }], unverified: [{ mechanism: 'cosign', signer: 'by a key not in bulwark.trust.keys' }] }) },
    },
    { name: 'the lookup failed: image-lookup-failed says why', code: 'FROM node:20', imageFacts: { 'docker.io/library/node:20': { resolvedAt: at, failure: 'timeout' } } },
    { name: 'the signature search failed and found nothing', code: 'FROM node:20', imageFacts: { 'docker.io/library/node:20': facts({ verified: [], unverified: [], failure: 'the registry answered 500' }) } },
    { name: 'signatures not looked for', code: 'FROM node:20', imageFacts: { 'docker.io/library/node:20': { resolvedAt: at, digest: DIGEST } } },
  ],
  invalid: [
    {
      name: 'no signature at all',
      code: 'FROM alpine:3.19 AS base\n',
      imageFacts: { 'docker.io/library/alpine:3.19': facts({ verified: [], unverified: [] }) },
      errors: [{ line: 1, column: 6, endColumn: 17, severity: 'warning', message: 'FROM "alpine:3.19" (sha256:dddddddddddd…) with no signature from a trusted key: found no cosign, Notation or Docker Content Trust signature' }],
    },
    {
      name: 'signed by unknown keys: says which mechanisms and by whom',
      code: 'ARG BASE=redis:7\nFROM $BASE\n',
      imageFacts: {
        'docker.io/library/redis:7': facts({
          verified: [],
          unverified: [
            { mechanism: 'cosign', signer: 'by a key not in bulwark.trust.keys' },
            { mechanism: 'notation', signer: 'from "CN=someone"', detail: 'its certificate is not under a configured root' },
          ],
        }),
      },
      errors: [
        {
          line: 2,
          column: 6,
          message: 'found a cosign signature by a key not in bulwark.trust.keys; a Notation signature from "CN=someone" (its certificate is not under a configured root)',
          related: [{ line: 1, column: 5 }],
        },
      ],
    },
    {
      kind: 'compose',
      name: 'Compose, a pinned reference',
      code: `services:\n  cache:\n    image: redis:7@${DIGEST}\n`,
      imageFacts: { [`docker.io/library/redis:7@${DIGEST}`]: facts({ verified: [], unverified: [] }) },
      errors: [{ line: 3, column: 12, message: 'Service "cache" uses "redis:7@sha256:' }],
    },
  ],
});
