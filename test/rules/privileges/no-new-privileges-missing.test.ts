import * as assert from 'node:assert/strict';
import { container, runtimeFindings, setting } from '../../helpers/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('no-new-privileges-missing', {
  valid: [
    { kind: 'compose', name: 'moot when privileged (privileged reports it)', code: 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n' },
    { kind: 'compose', name: 'moot with cap_add: [ALL] (dangerous-cap-add reports it)', code: 'services:\n  web:\n    image: nginx:1.27\n    cap_add: [all]\n' },
    { kind: 'compose', code: service('    security_opt: ["no-new-privileges:true"]\n') },
    { kind: 'compose', code: service('    security_opt:\n      - no-new-privileges=true\n') },
    { kind: 'compose', code: service('    security_opt:\n      - seccomp:./profile.json\n      - no-new-privileges\n') },
    { kind: 'compose', code: service('    security_opt: ["no-new-privileges: TRUE"]\n') },
    { kind: 'compose', name: 'via a merge key', code: 'x-h: &h\n  security_opt: [no-new-privileges:true]\nservices:\n  web:\n    <<: *h\n    image: nginx:1.27\n' },
    { kind: 'compose', name: 'via extends', code: 'services:\n  base:\n    image: nginx:1.27\n    security_opt: [no-new-privileges:true]\n  web:\n    extends: base\n' },
    { kind: 'compose', name: 'an unknown variable may set it', code: service('    security_opt: ["${OPT}"]\n') },
    { kind: 'compose', name: 'extends a service of another file', code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: web\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'absent: at the service key',
      code: service(''),
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, message: 'Add security_opt: ["no-new-privileges:true"]', severity: 'info' }],
    },
    { kind: 'compose', name: 'other options only', code: service('    security_opt: [apparmor:docker-default]\n'), errors: [{ line: 2, column: 3, message: 'does not set no-new-privileges' }] },
    { kind: 'compose', name: 'set to false', code: service('    security_opt: ["no-new-privileges:false"]\n'), errors: [{ line: 2, column: 3, message: 'sets no-new-privileges to false' }] },
    { kind: 'compose', name: 'an empty list', code: service('    security_opt: []\n'), errors: [{ line: 2, column: 3 }] },
  ],
});

describe('no-new-privileges-missing: every front door', () => {
  it('not set, or set to false: info in every front door, in its own words', () => {
    const words = { compose: 'security_opt: ["no-new-privileges:true"]', devcontainer: '"securityOpt": ["no-new-privileges"]', run: '--security-opt=no-new-privileges' };
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const [missing, off] = runtimeFindings('no-new-privileges-missing', [container(frontDoor), container(frontDoor, { securityOpt: [setting('no-new-privileges=false')] })]);
      assert.equal(missing.severity, 'info');
      assert.ok(missing.message.startsWith(`${container(frontDoor).label} does not set no-new-privileges`), missing.message);
      assert.ok(missing.message.includes(`Add ${words[frontDoor]}.`), missing.message);
      assert.match(off.message, /sets no-new-privileges to false/);
    }
  });

  it('set, every privilege granted, or the options not all read: nothing', () => {
    const found = runtimeFindings('no-new-privileges-missing', [
      container('run', { securityOpt: [setting('no-new-privileges')] }),
      container('run', { securityOpt: [setting('no-new-privileges:true')] }),
      container('run', { privileged: [setting(true)] }),
      container('run', { incomplete: true }),
      container('compose', { incomplete: true, unresolved: ['securityOpt'] }),
    ]);
    assert.deepEqual(found, []);
  });
});
