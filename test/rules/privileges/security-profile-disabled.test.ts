import * as assert from 'node:assert/strict';
import { container, runtimeFindings, setting } from '../../helpers/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('security-profile-disabled', {
  valid: [
    { kind: 'compose', code: service('') },
    { kind: 'compose', code: service('    security_opt: ["no-new-privileges:true", "seccomp:./profile.json", "apparmor=docker-default"]\n') },
    { kind: 'compose', code: service('    security_opt: ["label:type:container_t"]\n') },
    { kind: 'compose', name: 'an unknown variable', code: service('    security_opt: ["seccomp:${PROFILE}"]\n') },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'every form, at the item',
      code: service('    security_opt:\n      - seccomp:unconfined\n      - apparmor=unconfined\n      - "label:disable"\n      - label=disable\n      - systempaths=unconfined\n      - SECCOMP:UNCONFINED\n'),
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 27, message: 'the seccomp filter', severity: 'error', related: [] },
        { line: 6, column: 9, endColumn: 28, message: 'AppArmor' },
        { line: 7, column: 9, endColumn: 24, message: 'SELinux' },
        { line: 8, column: 9, message: 'SELinux' },
        { line: 9, column: 9, message: '/proc and /sys' },
        { line: 10, column: 9, message: 'seccomp' },
      ],
    },
    { kind: 'compose', name: 'a variable default', code: service('    security_opt: ["seccomp:${PROFILE:-unconfined}"]\n'), errors: [{ line: 4, column: 20 }] },
    {
      kind: 'compose',
      name: 'via a merge key: anchored at <<',
      code: 'x-s: &s\n  security_opt: [seccomp:unconfined]\nservices:\n  web:\n    <<: *s\n    image: nginx:1.27\n',
      errors: [{ line: 5, column: 5, endColumn: 7, related: [{ line: 2, column: 18 }] }],
    },
  ],
});

describe('security-profile-disabled: every front door', () => {
  it('an unconfined profile: an error in every front door, at the option', () => {
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const found = runtimeFindings('security-profile-disabled', [container(frontDoor, { securityOpt: [setting('seccomp=unconfined', 4), setting('no-new-privileges', 5)] })]);
      assert.deepEqual(found.map((f) => [f.severity, f.range.start.line]), [['error', 4]]);
      assert.ok(found[0].message.startsWith(`${container(frontDoor).label} switches off the seccomp filter`), found[0].message);
    }
  });

  it('granted by a feature: a warning naming it; a known purpose: info', () => {
    const [granted] = runtimeFindings('security-profile-disabled', [container('devcontainer', { securityOpt: [setting('seccomp=unconfined', 1, { grantedBy: 'ghcr.io/devcontainers/features/go:1' })] })]);
    assert.equal(granted.severity, 'warning');
    assert.match(granted.message, /features\/go:1 grants it/);
    const [purposed] = runtimeFindings('security-profile-disabled', [container('run', { knownPurpose: 'registering binfmt handlers', securityOpt: [setting('apparmor:unconfined')] })]);
    assert.equal(purposed.severity, 'info');
  });
});
