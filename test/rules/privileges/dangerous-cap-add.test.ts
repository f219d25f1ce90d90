import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('dangerous-cap-add', {
  valid: [
    { kind: 'compose', code: service('') },
    { kind: 'compose', code: service('    cap_add: [NET_BIND_SERVICE, CHOWN]\n') },
    { kind: 'compose', code: service('    cap_add:\n      - SETUID\n      - SETGID\n') },
    { kind: 'compose', name: 'a longer name is another capability', code: service('    cap_add: [SYS_ADMIN_X, ALLX]\n') },
    { kind: 'compose', name: 'cap_drop is not cap_add', code: service('    cap_drop: [ALL, SYS_ADMIN]\n') },
    { kind: 'compose', name: 'an unknown variable', code: service('    cap_add: ["${CAP}"]\n') },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'CAP_ALL is no capability: Docker rejects it, and no "ALL capabilities" is claimed',
      code: service('    cap_add:\n      - CAP_ALL\n      - "cap_all"\n      - ALL\n      - cap_sys_admin\n'),
      errors: [
        { line: 5, column: 9, message: 'adds CAP_ALL, which is no capability: Docker rejects it', notMessage: 'adds ALL capabilities', severity: 'warning' },
        { line: 6, message: 'Docker rejects it', severity: 'warning' },
        { line: 7, message: 'adds ALL capabilities', severity: 'error' },
        { line: 8, message: 'SYS_ADMIN', severity: 'error' },
      ],
    },
    {
      kind: 'compose',
      name: 'each dangerous item',
      code: service('    cap_add:\n      - NET_BIND_SERVICE\n      - SYS_ADMIN\n      - cap_net_admin\n'),
      errors: [
        { line: 6, column: 9, endLine: 6, endColumn: 18, message: 'the SYS_ADMIN capability', severity: 'error', related: [] },
        { line: 7, column: 9, endColumn: 22, message: 'the NET_ADMIN capability' },
      ],
    },
    { kind: 'compose', name: 'flow list, ALL', code: service('    cap_add: [ALL]\n'), errors: [{ line: 4, column: 15, endColumn: 18, message: 'ALL capabilities' }] },
    { kind: 'compose', name: 'quoted CAP_ prefix', code: service('    cap_add: ["CAP_SYS_PTRACE"]\n'), errors: [{ line: 4, column: 15, endColumn: 31, message: 'SYS_PTRACE' }] },
    {
      kind: 'compose',
      name: 'via an alias of the list: anchored at the alias',
      code: 'x-caps: &caps [SYS_MODULE]\nservices:\n  web:\n    image: nginx:1.27\n    cap_add: *caps\n',
      errors: [{ line: 5, column: 14, endColumn: 19, related: [{ line: 1, column: 16 }] }],
    },
    {
      kind: 'compose',
      name: 'via a merge key: anchored at <<',
      code: 'x-caps: &caps\n  cap_add: [BPF, PERFMON]\nservices:\n  web:\n    <<: *caps\n    image: nginx:1.27\n',
      errors: [
        { line: 5, column: 5, endColumn: 7, message: 'BPF', related: [{ line: 2, column: 13 }] },
        { line: 5, column: 5, endColumn: 7, message: 'PERFMON', related: [{ line: 2, column: 18 }] },
      ],
    },
    {
      kind: 'compose',
      name: 'via extends: anchored at extends',
      code: 'services:\n  base:\n    image: nginx:1.27\n    cap_add: [SYS_ADMIN]\n  web:\n    extends: base\n',
      errors: [
        { line: 4, column: 15, message: 'Service "base"' },
        { line: 6, column: 5, endColumn: 12, message: 'Service "web"', related: [{ line: 4, column: 15 }] },
      ],
    },
  ],
});
