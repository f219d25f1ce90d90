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
