import * as assert from 'node:assert/strict';
import { container, publishedPort, runtimeFindings, setting } from '../../helpers/runtime';
import { kicsFixtures } from '../../helpers/kics';
import { ruleTester } from '../../helpers/rule-tester';

const ports = (lines: string) => `services:\n  app:\n    image: example/app:1.4\n    ports:\n${lines}`;

ruleTester('ssh-port-exposed', {
  valid: [
    'FROM alpine:3.20\nEXPOSE 80 443 2222',
    { name: 'UDP, 220, a range without 22', code: 'FROM alpine:3.20\nEXPOSE 22/udp 220 8000-8100' },
    { name: 'a variable without a value', code: 'FROM alpine:3.20\nARG PORT\nEXPOSE $PORT' },
    { kind: 'compose', code: ports('      - "127.0.0.1:8080:80"\n') },
    { kind: 'compose', name: 'host port 22 to another container port', code: ports('      - "22:2222"\n') },
    { kind: 'compose', name: 'UDP', code: ports('      - "22:22/udp"\n') },
    { kind: 'compose', name: 'a range without 22', code: ports('      - "8000-8010:8000-8010"\n') },
    { kind: 'compose', name: '220 is not 22', code: ports('      - "220:220"\n') },
  ],
  invalid: [
    {
      name: 'EXPOSE 22 among other ports, anchored at the port',
      code: 'FROM alpine:3.20\nEXPOSE 3000 80 443 22\n',
      errors: [{ line: 2, column: 20, endColumn: 22, message: 'EXPOSE declares port 22, SSH', severity: 'warning' }],
    },
    {
      name: '22/tcp, a range, every stage',
      code: 'FROM alpine:3.20 AS a\nEXPOSE 22/tcp\nFROM a\nexpose 20-30/TCP\n',
      errors: [{ line: 2, column: 8, endColumn: 14 }, { line: 4, column: 8, endColumn: 17, message: 'port 22 (in 20-30/TCP)' }],
    },
    {
      name: 'ports from ARG and ENV values',
      code: 'FROM alpine:3.20\nARG SSH_PORT=22\nENV PORTS="8080 22"\nEXPOSE $SSH_PORT ${PORTS} ${OTHER:-22}\n',
      errors: [{ line: 4, column: 8, endColumn: 17, message: '($SSH_PORT)' }, { line: 4, column: 18, endColumn: 26 }, { line: 4, column: 27, endColumn: 39 }],
    },
    {
      kind: 'compose',
      name: 'short syntax, anchored at the item',
      code: ports('      - "2222:22"\n'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 18, message: 'Service "app" publishes container port 22', severity: 'warning' }],
    },
    {
      kind: 'compose',
      name: 'bound to localhost, a bare port, a range',
      code: ports('      - "127.0.0.1:22:22"\n      - 22\n      - "2200-2300:20-120"\n'),
      errors: [{ line: 5 }, { line: 6, column: 9, endColumn: 11 }, { line: 7, message: 'port 22 (in 20-120)' }],
    },
    {
      kind: 'compose',
      name: 'long syntax: at published, else at target',
      code: ports('      - target: 22\n        published: 2222\n      - target: 22\n        protocol: tcp\n'),
      errors: [
        { line: 6, column: 20, endColumn: 24 },
        { line: 7, column: 17, endColumn: 19 },
      ],
    },
  ],
});

kicsFixtures('ssh-port-exposed', 'dockerfile/exposing_port_22');

ruleTester('ssh-port-exposed', {
  valid: [],
  invalid: [{ name: 'ONBUILD EXPOSE', code: 'FROM alpine:3.20\nONBUILD EXPOSE 8080 22/tcp\n', errors: [{ line: 2, column: 21 }] }],
});

describe('ssh-port-exposed: every front door', () => {
  it('container port 22, alone or in a range: a warning in every front door; UDP: nothing', () => {
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const found = runtimeFindings('ssh-port-exposed', [
        container(frontDoor, { ports: [setting(publishedPort('2222:22'), 2), setting(publishedPort('2200-2300:20-120'), 3), setting(publishedPort('22:22', { protocol: 'udp' }), 4)] }),
      ]);
      assert.deepEqual(found.map((f) => [f.severity, f.range.start.line]), [['warning', 2], ['warning', 3]]);
      assert.ok(found[0].message.startsWith(`${container(frontDoor).label} publishes container port 22, SSH`), found[0].message);
      assert.equal(found[0].message.includes('docker compose exec'), frontDoor === 'compose');
    }
  });
});
