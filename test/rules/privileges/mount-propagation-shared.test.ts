import * as assert from 'node:assert/strict';
import { bindMount, container, runtimeFindings, setting } from '../../helpers/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const volumes = (lines: string) => `services:\n  agent:\n    image: example/agent:3.0\n    volumes:\n${lines}`;

ruleTester('mount-propagation-shared', {
  valid: [
    { kind: 'compose', code: volumes('      - /mnt/data:/mnt/data\n') },
    { kind: 'compose', name: 'rslave and private', code: volumes('      - /mnt/a:/a:rslave\n      - /mnt/b:/b:ro,rprivate\n') },
    { kind: 'compose', name: 'long syntax, slave', code: volumes('      - type: bind\n        source: /mnt\n        target: /mnt\n        bind:\n          propagation: slave\n') },
    { kind: 'compose', name: 'a named volume called shared', code: volumes('      - shared:/shared\n') },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'short syntax, anchored at the item',
      code: volumes('      - /mnt/data:/mnt/data:rshared\n      - "/srv:/srv:ro,shared"\n'),
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 36, message: 'with rshared propagation', severity: 'warning' },
        { line: 6, column: 9, message: 'with shared propagation' },
      ],
    },
    {
      kind: 'compose',
      name: 'long syntax, anchored at the source',
      code: volumes('      - type: bind\n        source: /var/lib/kubelet\n        target: /var/lib/kubelet\n        bind:\n          propagation: rshared\n'),
      errors: [{ line: 6, column: 17, endColumn: 33 }],
    },
    {
      kind: 'compose',
      name: 'through an alias of the item',
      code: 'x-mnt: &mnt /mnt:/mnt:shared\nservices:\n  agent:\n    image: x:1\n    volumes: [*mnt]\n',
      errors: [{ line: 5, column: 15, endColumn: 19, related: [{ line: 1 }] }],
    },
  ],
});

describe('mount-propagation-shared: every front door', () => {
  it('shared propagation: a warning in every front door; private: nothing', () => {
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const found = runtimeFindings('mount-propagation-shared', [container(frontDoor, { mounts: [setting(bindMount('/mnt', { propagation: 'rshared' }), 2), setting(bindMount('/mnt', { propagation: 'rslave' }), 3)] })]);
      assert.deepEqual(found.map((f) => [f.severity, f.range.start.line]), [['warning', 2]]);
      assert.ok(found[0].message.startsWith(`${container(frontDoor).label} bind-mounts /mnt with rshared propagation`), found[0].message);
    }
  });
});
