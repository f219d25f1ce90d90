import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('cpu-limit-missing', {
  valid: [
    { kind: 'compose', name: 'a fraction of a CPU', code: service('    cpus: 0.05\n') },
    { kind: 'compose', code: service('    cpus: 1.5\n') },
    { kind: 'compose', code: service('    cpu_quota: 50000\n') },
    { kind: 'compose', code: service('    deploy:\n      resources:\n        limits:\n          cpus: "0.5"\n') },
    { kind: 'compose', name: 'via extends', code: 'services:\n  base:\n    image: nginx:1.27\n    cpus: 1\n  web:\n    extends: base\n' },
  ],
  invalid: [
    ...['0.0', '"0.000"', '.0', "'0'", '${CPUS:-0.0}'].map((limit) => ({
      kind: 'compose' as const,
      name: `zero written ${limit}`,
      code: service(`    cpus: ${limit}\n`),
      errors: [{ line: 2, column: 3, message: 'none' }],
    })),
    { kind: 'compose', name: 'zero under deploy, quoted', code: service('    deploy:\n      resources:\n        limits: {cpus: "0.0"}\n'), errors: [{ line: 2, column: 3 }] },
    { kind: 'compose', name: 'absent', code: service(''), errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, message: 'has no CPU limit', severity: 'info' }] },
    { kind: 'compose', name: 'zero', code: service('    cpus: 0\n'), errors: [{ line: 2, column: 3, message: 'none' }] },
    { kind: 'compose', name: 'a reservation only', code: service('    deploy:\n      resources:\n        reservations: {cpus: "1"}\n'), errors: [{ line: 2, column: 3 }] },
  ],
});
