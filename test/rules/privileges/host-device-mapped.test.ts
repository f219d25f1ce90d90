import * as assert from 'node:assert/strict';
import { container, runtimeFindings, setting } from '../../helpers/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const devices = (lines: string) => `services:\n  app:\n    image: example/app:1.0\n    devices:\n${lines}`;

ruleTester('host-device-mapped', {
  valid: [
    { kind: 'compose', code: 'services:\n  app:\n    image: example/app:1.0\n' },
    { kind: 'compose', name: 'an empty list', code: devices('      []\n').replace('devices:\n      []', 'devices: []') },
    { kind: 'compose', name: 'a device path as a volume target is not a device', code: 'services:\n  app:\n    image: x:1\n    volumes: ["data:/dev/data"]\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'the long syntax, anchored at its source',
      code: 'services:\n  app:\n    image: example/app:1.0\n    devices:\n      - source: /dev/mem\n        target: /dev/mem\n        permissions: r\n',
      errors: [{ line: 5, column: 17, message: '/dev/mem' }],
    },
    {
      kind: 'compose',
      name: 'a serial port: warning at the item',
      code: devices('      - /dev/ttyUSB0:/dev/ttyUSB0\n'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 34, message: 'maps the host device /dev/ttyUSB0', severity: 'warning' }],
    },
    {
      kind: 'compose',
      name: 'memory, kernel log, disks: errors',
      code: devices('      - /dev/mem:/dev/mem\n      - "/dev/kmsg"\n      - /dev/sda:/dev/xvdc:rwm\n      - /dev/nvme0n1p1\n      - /dev/mapper/vg-root\n      - /dev\n'),
      errors: [
        { line: 5, severity: 'error', message: "host's memory" },
        { line: 6, column: 9, endColumn: 20, severity: 'error', message: 'kernel log' },
        { line: 7, severity: 'error', message: 'a host disk' },
        { line: 8, severity: 'error' },
        { line: 9, severity: 'error' },
        { line: 10, severity: 'error', message: 'every device' },
      ],
    },
    {
      kind: 'compose',
      name: 'names that only start like a disk are warnings',
      code: devices('      - /dev/snd:/dev/snd\n      - /dev/dri\n      - nvidia.com/gpu=all\n'),
      errors: [
        { line: 5, severity: 'warning' },
        { line: 6, severity: 'warning' },
        { line: 7, severity: 'warning', message: 'nvidia.com/gpu=all' },
      ],
    },
    {
      kind: 'compose',
      name: 'through extends: anchored at the extends key',
      code: 'services:\n  base:\n    image: x:1\n    devices: [/dev/fuse]\n  app:\n    extends: base\n',
      errors: [{ line: 4, column: 15 }, { line: 6, column: 5, related: [{ line: 4 }] }],
    },
  ],
});

describe('host-device-mapped: every front door', () => {
  const device = (host: string) => ({ host, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });

  it('a disk: an error; another device: a warning, in every front door', () => {
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const found = runtimeFindings('host-device-mapped', [container(frontDoor, { devices: [setting(device('/dev/sda'), 2), setting(device('/dev/ttyUSB0'), 3)] })]);
      assert.deepEqual(found.map((f) => [f.severity, f.range.start.line]), [['error', 2], ['warning', 3]]);
      assert.ok(found.every((f) => f.message.startsWith(container(frontDoor).label)));
    }
  });

  it('a known purpose: info', () => {
    const [found] = runtimeFindings('host-device-mapped', [container('run', { knownPurpose: 'registering binfmt handlers', devices: [setting(device('/dev/kmsg'))] })]);
    assert.equal(found.severity, 'info');
  });
});
