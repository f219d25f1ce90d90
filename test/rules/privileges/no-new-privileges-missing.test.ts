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
