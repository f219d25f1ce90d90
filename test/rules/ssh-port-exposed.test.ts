import { ruleTester } from '../helpers/rule-tester';

const ports = (lines: string) => `services:\n  app:\n    image: example/app:1.4\n    ports:\n${lines}`;

ruleTester('ssh-port-exposed', {
  valid: [
    { kind: 'compose', code: ports('      - "127.0.0.1:8080:80"\n') },
    { kind: 'compose', name: 'host port 22 to another container port', code: ports('      - "22:2222"\n') },
    { kind: 'compose', name: 'UDP', code: ports('      - "22:22/udp"\n') },
    { kind: 'compose', name: 'a range without 22', code: ports('      - "8000-8010:8000-8010"\n') },
    { kind: 'compose', name: '220 is not 22', code: ports('      - "220:220"\n') },
  ],
  invalid: [
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
