import * as assert from 'node:assert/strict';
import { container, runtimeFindings, setting } from '../../helpers/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('memory-limit-missing', {
  valid: [
    { kind: 'compose', name: 'limits that look like zero but are not', code: service('    mem_limit: 0.5g\n') },
    { kind: 'compose', name: 'a default that is not zero', code: service('    mem_limit: ${MEM:-10m}\n') },
    { kind: 'compose', name: 'a variable .env sets', code: service('    mem_limit: ${MEM:-0}\n'), files: { '.env': 'MEM=256m\n' } },
    { kind: 'compose', code: service('    mem_limit: 512m\n') },
    { kind: 'compose', code: service('    deploy:\n      resources:\n        limits:\n          memory: 512M\n') },
    { kind: 'compose', name: 'limits via an alias', code: 'x-limits: &limits\n  memory: 1G\nservices:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits: *limits\n' },
    { kind: 'compose', name: 'deploy via a merge key', code: 'x-d: &d\n  deploy:\n    resources: {limits: {memory: 1G}}\nservices:\n  web:\n    <<: *d\n    image: nginx:1.27\n' },
    { kind: 'compose', name: 'via extends', code: 'services:\n  base:\n    image: nginx:1.27\n    mem_limit: 1g\n  web:\n    extends: base\n' },
    { kind: 'compose', name: 'extends a service of another file', code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: web\n' },
  ],
  invalid: [
    ...['0m', '0g', '0b', '"0"', "'0M'", '0.0', '0KiB', '${MEM:-0m}', '"${MEM:-0g}"'].map((limit) => ({
      kind: 'compose' as const,
      name: `zero written ${limit}`,
      code: service(`    mem_limit: ${limit}\n`),
      errors: [{ line: 2, column: 3, message: 'sets its memory limit to 0 (no limit)' }],
    })),
    { kind: 'compose', name: 'zero under deploy', code: service('    deploy:\n      resources:\n        limits:\n          memory: 0M\n'), errors: [{ line: 2, column: 3, message: 'to 0' }] },
    { kind: 'compose', name: 'zero from .env', code: service('    mem_limit: ${MEM}\n'), files: { '.env': 'MEM=0g\n' }, errors: [{ line: 2, column: 3, message: 'to 0' }] },
    { kind: 'compose', name: 'absent', code: service(''), errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, message: 'has no memory limit', severity: 'info' }] },
    { kind: 'compose', name: 'only a reservation', code: service('    deploy:\n      resources:\n        reservations:\n          memory: 512M\n'), errors: [{ line: 2, column: 3 }] },
    { kind: 'compose', name: 'a CPU limit only', code: service('    deploy:\n      resources:\n        limits:\n          cpus: "1"\n'), errors: [{ line: 2, column: 3 }] },
    { kind: 'compose', name: 'zero', code: service('    mem_limit: 0\n'), errors: [{ line: 2, column: 3, message: 'sets its memory limit to 0' }] },
  ],
});

describe('memory-limit-missing: every front door', () => {
  it('no limit, or one that means none: info in every front door, in its own words; a limit: nothing', () => {
    const words = { compose: 'mem_limit or deploy.resources.limits.memory', devcontainer: '"--memory" in runArgs', run: '--memory' };
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const found = runtimeFindings('memory-limit-missing', [container(frontDoor), container(frontDoor, { memoryLimit: setting('0m') }), container(frontDoor, { memoryLimit: setting('512m') })]);
      assert.deepEqual(found.map((f) => f.severity), ['info', 'info']);
      assert.ok(found[0].message.startsWith(`${container(frontDoor).label} has no`), found[0].message);
      assert.ok(found[0].message.includes(`Set ${words[frontDoor]}.`), found[0].message);
      assert.notEqual(found[1].message, found[0].message);
    }
  });

  it('a container that could not be read whole: nothing, unless its unread values are elsewhere', () => {
    assert.deepEqual(runtimeFindings('memory-limit-missing', [container('run', { incomplete: true }), container('compose', { incomplete: true, unresolved: ['memoryLimit'] })]), []);
    assert.equal(runtimeFindings('memory-limit-missing', [container('compose', { incomplete: true, unresolved: ['capAdd'] })]).length, 1);
  });
});
