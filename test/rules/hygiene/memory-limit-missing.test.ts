import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('memory-limit-missing', {
  valid: [
    { kind: 'compose', code: service('    mem_limit: 512m\n') },
    { kind: 'compose', code: service('    deploy:\n      resources:\n        limits:\n          memory: 512M\n') },
    { kind: 'compose', name: 'limits via an alias', code: 'x-limits: &limits\n  memory: 1G\nservices:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits: *limits\n' },
    { kind: 'compose', name: 'deploy via a merge key', code: 'x-d: &d\n  deploy:\n    resources: {limits: {memory: 1G}}\nservices:\n  web:\n    <<: *d\n    image: nginx:1.27\n' },
    { kind: 'compose', name: 'via extends', code: 'services:\n  base:\n    image: nginx:1.27\n    mem_limit: 1g\n  web:\n    extends: base\n' },
    { kind: 'compose', name: 'extends a service of another file', code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: web\n' },
  ],
  invalid: [
    { kind: 'compose', name: 'absent', code: service(''), errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, message: 'has no memory limit', severity: 'info' }] },
    { kind: 'compose', name: 'only a reservation', code: service('    deploy:\n      resources:\n        reservations:\n          memory: 512M\n'), errors: [{ line: 2, column: 3 }] },
    { kind: 'compose', name: 'a CPU limit only', code: service('    deploy:\n      resources:\n        limits:\n          cpus: "1"\n'), errors: [{ line: 2, column: 3 }] },
    { kind: 'compose', name: 'zero', code: service('    mem_limit: 0\n'), errors: [{ line: 2, column: 3, message: 'sets its memory limit to 0' }] },
  ],
});
