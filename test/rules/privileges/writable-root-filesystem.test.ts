import * as assert from 'node:assert/strict';
import { container, runtimeFindings, setting } from '../../helpers/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('writable-root-filesystem', {
  valid: [
    { kind: 'compose', code: service('    read_only: true\n') },
    { kind: 'compose', code: service('    read_only: "true"\n') },
    { kind: 'compose', code: service('    read_only: ${RO:-true}\n') },
    { kind: 'compose', name: 'an unknown variable', code: service('    read_only: ${RO}\n') },
    { kind: 'compose', name: 'via a merge key', code: 'x-h: &h\n  read_only: true\nservices:\n  web:\n    <<: *h\n    image: nginx:1.27\n' },
    { kind: 'compose', name: 'via extends', code: 'services:\n  base:\n    image: nginx:1.27\n    read_only: true\n  web:\n    extends: {service: base}\n' },
    { kind: 'compose', name: 'extends a service of another file', code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: web\n' },
  ],
  invalid: [
    { kind: 'compose', name: 'absent', code: service(''), errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, message: 'Add read_only: true', severity: 'info', related: [] }] },
    { kind: 'compose', name: 'false', code: service('    read_only: false\n'), errors: [{ line: 2, column: 3, message: 'sets read_only to false' }] },
    { kind: 'compose', name: 'the string "false"', code: service('    read_only: "false"\n'), errors: [{ line: 2, column: 3, message: 'sets read_only to false' }] },
    {
      kind: 'compose',
      name: 'false via a merge key: the definition as related',
      code: 'x-h: &h\n  read_only: false\nservices:\n  web:\n    <<: *h\n    image: nginx:1.27\n',
      errors: [{ line: 4, column: 3, related: [{ line: 2, column: 3 }] }],
    },
  ],
});

describe('writable-root-filesystem: every front door', () => {
  it('no read-only root file system: info in every front door, in its own words; read-only: nothing', () => {
    const words = { compose: 'read_only: true', devcontainer: '"--read-only" in runArgs', run: '--read-only' };
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const [found, ...more] = runtimeFindings('writable-root-filesystem', [container(frontDoor), container(frontDoor, { readOnlyRootFilesystem: setting(true) })]);
      assert.deepEqual(more, []);
      assert.equal(found.severity, 'info');
      assert.ok(found.message.startsWith(`${container(frontDoor).label} has a writable root file system`), found.message);
      assert.ok(found.message.includes(`Add ${words[frontDoor]}`), found.message);
    }
  });

  it("set to false: says so, and the fix replaces the value with the front door's edit; incomplete: nothing", () => {
    const edit = { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } }, newText: 'true' };
    const [found, ...more] = runtimeFindings('writable-root-filesystem', [
      container('run', { readOnlyRootFilesystem: setting(false, 1, { edits: { replace: (value) => [{ ...edit, newText: value }] } }) }),
      container('devcontainer', { incomplete: true }),
    ]);
    assert.deepEqual(more, []);
    assert.match(found.message, /sets --read-only to false/);
    assert.deepEqual(found.fixes?.[0].edits, [edit]);
  });
});
