import * as assert from 'node:assert/strict';
import { container, runtimeFindings, setting } from '../../helpers/runtime';
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

describe('cpu-limit-missing: every front door', () => {
  it('no limit, or one that means none: info in every front door, in its own words; a limit: nothing', () => {
    const words = { compose: 'cpus or deploy.resources.limits.cpus', devcontainer: '"--cpus" in runArgs', run: '--cpus' };
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const found = runtimeFindings('cpu-limit-missing', [container(frontDoor), container(frontDoor, { cpuLimit: setting('-1') }), container(frontDoor, { cpuLimit: setting('1.5') })]);
      assert.deepEqual(found.map((f) => f.severity), ['info', 'info']);
      assert.ok(found[0].message.startsWith(`${container(frontDoor).label} has no`), found[0].message);
      assert.ok(found[0].message.includes(`Set ${words[frontDoor]}.`), found[0].message);
      assert.notEqual(found[1].message, found[0].message);
    }
  });

  it('a container that could not be read whole: nothing, unless its unread values are elsewhere', () => {
    assert.deepEqual(runtimeFindings('cpu-limit-missing', [container('run', { incomplete: true }), container('compose', { incomplete: true, unresolved: ['cpuLimit'] })]), []);
    assert.equal(runtimeFindings('cpu-limit-missing', [container('compose', { incomplete: true, unresolved: ['capAdd'] })]).length, 1);
  });
});
