import * as assert from 'node:assert/strict';
import { container, publishedPort, runtimeFindings, setting } from '../../helpers/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const ports = (lines: string) => `services:\n  db:\n    image: postgres:16.4\n    ports:\n${lines}`;

ruleTester('port-bound-to-all-interfaces', {
  valid: [
    { kind: 'compose', code: ports('      - "127.0.0.1:5432:5432"\n') },
    { kind: 'compose', name: 'IPv6 loopback', code: ports('      - "[::1]:5432:5432"\n') },
    { kind: 'compose', name: 'a host IP and a random host port', code: ports('      - "127.0.0.1::5432"\n') },
    { kind: 'compose', name: 'long syntax with host_ip', code: ports('      - target: 5432\n        published: "5432"\n        host_ip: 127.0.0.1\n') },
    { kind: 'compose', name: 'expose is not published', code: 'services:\n  db:\n    image: postgres:16.4\n    expose: ["5432"]\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'ports from variables without a value: which ports is unknown, but not where they listen',
      code: ports('      - "${DB_PORT}:${DB_PORT}"\n'),
      errors: [{ line: 5, column: 9, endColumn: 32, message: 'is published without a host IP' }],
    },
    {
      kind: 'compose',
      name: 'short syntax without host IP, anchored at the item',
      code: ports('      - "5432:5432"\n      - 8080\n      - 53:53/udp\n'),
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 20, message: 'Port 5432 of service "db" is published without a host IP', severity: 'info' },
        { line: 6, column: 9, endColumn: 13, message: 'Port 8080' },
        { line: 7, column: 9, message: 'Port 53/udp' },
      ],
    },
    {
      kind: 'compose',
      name: 'an explicit 0.0.0.0 or ::',
      code: ports('      - "0.0.0.0:80:80"\n      - "[::]:443:443"\n'),
      errors: [
        { line: 5, message: 'is bound to 0.0.0.0' },
        { line: 6, message: 'is bound to ::' },
      ],
    },
    {
      kind: 'compose',
      name: 'long syntax: at published, else at target',
      code: ports('      - target: 80\n        published: 8080\n      - target: 443\n'),
      errors: [
        { line: 6, column: 20, endColumn: 24 },
        { line: 7, column: 17, endColumn: 20 },
      ],
    },
    {
      kind: 'compose',
      name: 'a range',
      code: ports('      - "8000-8010:8000-8010"\n'),
      errors: [{ line: 5, message: 'Port 8000-8010' }],
    },
    {
      kind: 'compose',
      name: 'through an alias of the whole list',
      code: 'x-ports: &ports ["80:80"]\nservices:\n  web:\n    image: nginx:1.27\n    ports: *ports\n',
      errors: [{ line: 5, column: 12, endColumn: 18, related: [{ line: 1 }] }],
    },
  ],
});

describe('port-bound-to-all-interfaces: every front door', () => {
  it('a port without a host IP or on 0.0.0.0: info in every front door; on 127.0.0.1: nothing', () => {
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const found = runtimeFindings('port-bound-to-all-interfaces', [
        container(frontDoor, { ports: [setting(publishedPort('8080:80'), 2), setting(publishedPort('0.0.0.0:53:53', { protocol: 'udp' }), 3), setting(publishedPort('127.0.0.1:5432:5432'), 4)] }),
      ]);
      assert.deepEqual(found.map((f) => [f.severity, f.range.start.line]), [['info', 2], ['info', 3]]);
      const named = container(frontDoor).label;
      assert.ok(found[0].message.startsWith(`Port 80 of ${named.charAt(0).toLowerCase()}${named.slice(1)} is published without a host IP`), found[0].message);
      assert.match(found[1].message, /^Port 53\/udp .* is bound to 0\.0\.0\.0/);
    }
  });

  it("the fix binds the port to 127.0.0.1 with the front door's edit", () => {
    const edit = { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '127.0.0.1:' };
    const [found] = runtimeFindings('port-bound-to-all-interfaces', [container('run', { ports: [setting(publishedPort('8080:80'), 2, { edits: { toLoopback: () => [edit] } })] })]);
    assert.deepEqual(found.fixes?.map((fix) => fix.edits), [[edit]]);
  });
});
