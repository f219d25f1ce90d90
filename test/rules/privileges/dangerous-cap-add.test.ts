import * as assert from 'node:assert/strict';
import { container, runtimeFindings, setting } from '../../helpers/runtime';
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

describe('dangerous-cap-add: every front door', () => {
  it('a dangerous capability: an error in every front door, at the setting, its message starting with the label', () => {
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const found = runtimeFindings('dangerous-cap-add', [container(frontDoor, { capAdd: [setting('cap_sys_admin', 2), setting('NET_BIND_SERVICE', 3)] })]);
      assert.deepEqual(found.map((f) => [f.severity, f.range.start.line]), [['error', 2]]);
      assert.ok(found[0].message.startsWith(`${container(frontDoor).label} adds the SYS_ADMIN capability`), found[0].message);
    }
  });

  it('CAP_ALL names no capability: a warning that the container does not start', () => {
    const [found] = runtimeFindings('dangerous-cap-add', [container('run', { capAdd: [setting('CAP_ALL')] })]);
    assert.equal(found.severity, 'warning');
    assert.match(found.message, /the container does not start/);
  });

  it('granted by a feature: a warning naming the feature; a known purpose: info', () => {
    const [granted] = runtimeFindings('dangerous-cap-add', [container('devcontainer', { capAdd: [setting('SYS_PTRACE', 1, { grantedBy: 'ghcr.io/devcontainers/features/go:1' })] })]);
    assert.equal(granted.severity, 'warning');
    assert.match(granted.message, /feature ghcr\.io\/devcontainers\/features\/go:1 grants it/);
    const [purposed] = runtimeFindings('dangerous-cap-add', [container('run', { knownPurpose: 'registering binfmt handlers', capAdd: [setting('SYS_ADMIN')] })]);
    assert.equal(purposed.severity, 'info');
    assert.match(purposed.message, /registering binfmt handlers/);
  });

  it('the fix removes the item with the front door\'s edits', () => {
    const edit = { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } }, newText: '' };
    const [found] = runtimeFindings('dangerous-cap-add', [container('run', { capAdd: [setting('SYS_ADMIN', 1, { written: '--cap-add=SYS_ADMIN', edits: { remove: () => [edit] } })] })]);
    assert.deepEqual(found.fixes, [{ title: 'Remove --cap-add=SYS_ADMIN', safe: false, edits: [edit] }]);
  });
});
