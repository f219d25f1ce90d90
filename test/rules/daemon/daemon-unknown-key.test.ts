import * as assert from 'node:assert/strict';
import { nearestKey } from '../../../rules/catalog/daemon/daemon-unknown-key';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester('daemon-unknown-key', {
  valid: [
    { kind: 'daemon', name: 'known keys, nested keys not checked', code: '{\n  "log-driver": "json-file",\n  "log-opts": { "max-size": "10m", "anything": "1" },\n  "features": { "buildkit": true }\n}\n' },
  ],
  invalid: [
    {
      kind: 'daemon',
      name: 'a typo, with the nearest key suggested, at the key',
      code: '{\n  "userns_remap": "default",\n  "insecure-registry": ["r:5000"]\n}\n',
      errors: [
        { line: 2, column: 3, endColumn: 17, message: 'Did you mean "userns-remap"?', severity: 'info' },
        { line: 3, column: 3, endColumn: 22, message: 'Did you mean "insecure-registries"?' },
      ],
    },
    { kind: 'daemon', name: 'a removed key, with its replacement', code: '{ "graph": "/data/docker" }\n', errors: [{ line: 1, column: 3, message: 'removed from dockerd in release 23.0' }] },
    { kind: 'daemon', name: 'nothing close', code: '{ "kubernetes": true }\n', errors: [{ line: 1, message: 'Remove it.' }] },
  ],
});

describe('daemon-unknown-key suggestions', () => {
  it('suggests only close keys', () => {
    assert.equal(nearestKey('tls-verify'), 'tlsverify');
    assert.equal(nearestKey('log_driver'), 'log-driver');
    assert.equal(nearestKey('xyz'), undefined);
  });
});
