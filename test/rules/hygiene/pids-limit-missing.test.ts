import * as assert from 'node:assert/strict';
import { container, runtimeFindings, setting } from '../../helpers/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('pids-limit-missing', {
  valid: [
    { kind: 'compose', code: service('    pids_limit: 200\n') },
    { kind: 'compose', code: service('    deploy:\n      resources:\n        limits:\n          pids: 100\n') },
    { kind: 'compose', name: 'via a merge key', code: 'x-l: &l\n  pids_limit: 100\nservices:\n  web:\n    <<: *l\n    image: nginx:1.27\n' },
    { kind: 'compose', name: 'a variable default', code: service('    pids_limit: ${PIDS:-100}\n') },
    { kind: 'compose', name: 'via extends', code: 'services:\n  base:\n    image: nginx:1.27\n    deploy: {resources: {limits: {pids: 50}}}\n  web:\n    extends: base\n' },
    { kind: 'compose', name: 'extends a service of another file', code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: web\n' },
  ],
  invalid: [
    ...['0', '"0"', '${PIDS:-0}', "'-1'"].map((limit) => ({
      kind: 'compose' as const,
      name: `no limit written ${limit}`,
      code: service(`    pids_limit: ${limit}\n`),
      errors: [{ line: 2, column: 3 }],
    })),
    { kind: 'compose', name: 'absent', code: service(''), errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, message: 'has no pids limit', severity: 'info' }] },
    { kind: 'compose', name: 'unlimited', code: service('    pids_limit: -1\n'), errors: [{ line: 2, column: 3, message: 'unlimited' }] },
    { kind: 'compose', name: 'a memory limit only', code: service('    mem_limit: 1g\n'), errors: [{ line: 2, column: 3 }] },
  ],
});

describe('pids-limit-missing: every front door', () => {
  it('no limit, or one that means none: info in every front door, in its own words; a limit: nothing', () => {
    const words = { compose: 'pids_limit or deploy.resources.limits.pids', devcontainer: '"--pids-limit" in runArgs', run: '--pids-limit' };
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const found = runtimeFindings('pids-limit-missing', [container(frontDoor), container(frontDoor, { pidsLimit: setting('0') }), container(frontDoor, { pidsLimit: setting('100') })]);
      assert.deepEqual(found.map((f) => f.severity), ['info', 'info']);
      assert.ok(found[0].message.startsWith(`${container(frontDoor).label} has no`), found[0].message);
      assert.ok(found[0].message.includes(`Set ${words[frontDoor]}.`), found[0].message);
      assert.notEqual(found[1].message, found[0].message);
    }
  });

  it('a container that could not be read whole: nothing, unless its unread values are elsewhere', () => {
    assert.deepEqual(runtimeFindings('pids-limit-missing', [container('run', { incomplete: true }), container('compose', { incomplete: true, unresolved: ['pidsLimit'] })]), []);
    assert.equal(runtimeFindings('pids-limit-missing', [container('compose', { incomplete: true, unresolved: ['capAdd'] })]).length, 1);
  });
});
