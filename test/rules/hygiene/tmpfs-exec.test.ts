import * as assert from 'node:assert/strict';
import { container, runtimeFindings, setting } from '../../helpers/runtime';
import type { TmpfsMount } from '../../../rules/model/compose-mounts';
import type { RuntimeSetting } from '../../../rules/model/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('tmpfs-exec', {
  valid: [
    { kind: 'compose', code: service('    tmpfs: /tmp:noexec\n') },
    { kind: 'compose', name: 'a list with options', code: service('    tmpfs:\n      - /tmp:rw,noexec,nosuid,size=64m\n      - "/run:noexec"\n') },
    { kind: 'compose', name: 'exec then noexec: the last wins', code: service('    tmpfs: ["/tmp:exec,noexec"]\n') },
    { kind: 'compose', name: 'no tmpfs', code: service('    read_only: true\n') },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'suid and dev undo Docker\'s nosuid and nodev, the last of each pair winning; string form too',
      code: service('    tmpfs:\n      - /tmp:noexec,suid\n      - /run:noexec,dev,size=1m\n      - /a:noexec,nosuid,suid\n      - /b:noexec,suid,nosuid,nodev\n      - "/c:exec,suid,dev"\n'),
      errors: [
        { line: 5, message: 'is mounted with suid, which overrides Docker\'s default nosuid: set-user-ID programs', severity: 'warning' },
        { line: 6, message: 'is mounted with dev, which overrides Docker\'s default nodev', severity: 'warning' },
        { line: 7, message: 'suid' },
        { line: 9, message: 'write noexec,nosuid,nodev', severity: 'warning' },
      ],
      output: service('    tmpfs:\n      - /tmp:noexec,nosuid\n      - /run:noexec,nodev,size=1m\n      - /a:noexec,nosuid\n      - /b:noexec,suid,nosuid,nodev\n      - "/c:noexec,nosuid,nodev"\n'),
    },
    {
      kind: 'compose',
      name: 'a single string',
      code: service('    tmpfs: /tmp:noexec,suid\n'),
      errors: [{ line: 4, message: 'suid' }],
    },
    {
      kind: 'compose',
      name: 'a string without options, anchored at the value',
      code: service('    tmpfs: /tmp\n'),
      errors: [{ line: 4, column: 12, endLine: 4, endColumn: 16, message: 'The tmpfs mount /tmp of service "web" does not say noexec: Docker Engine adds it by default', severity: 'info' }],
    },
    {
      kind: 'compose',
      name: 'list items: options without noexec, explicit exec',
      code: service('    tmpfs:\n      - /tmp:size=64m\n      - /run:noexec,exec\n      - /cache:noexec\n'),
      errors: [
        { line: 5, column: 9, endColumn: 22 },
        { line: 6, message: "is mounted with exec, which overrides Docker's default noexec" },
      ],
    },
    {
      kind: 'compose',
      name: 'through a merge key',
      code: 'x-tmp: &tmp\n  tmpfs: [/tmp]\nservices:\n  web:\n    <<: *tmp\n    image: nginx:1.27\n',
      errors: [{ line: 5, column: 5, related: [{ line: 2 }] }],
    },
  ],
});

describe('tmpfs-exec: every front door', () => {
  const tmpfs = (target: string, options: string[], more: Partial<RuntimeSetting<TmpfsMount>> = {}) => setting<TmpfsMount>({ target, options, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, 2, more);

  it('exec written: a warning; noexec not written: info; noexec: nothing, in every front door', () => {
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const found = runtimeFindings('tmpfs-exec', [container(frontDoor, { tmpfs: [tmpfs('/tmp', ['exec']), tmpfs('/run', []), tmpfs('/cache', ['noexec'])] })]);
      assert.deepEqual(found.map((f) => f.severity), ['warning', 'info']);
      const named = container(frontDoor).label;
      assert.ok(found[0].message.startsWith(`The tmpfs mount /tmp of ${named.charAt(0).toLowerCase()}${named.slice(1)} is mounted with exec`), found[0].message);
    }
  });

  it("the fix rewrites the mount with the front door's edit", () => {
    let rewritten: string | undefined;
    const [found] = runtimeFindings('tmpfs-exec', [container('run', { tmpfs: [tmpfs('/tmp', ['exec', 'suid'], { edits: { rewrite: (change) => ((rewritten = change('/tmp:exec,suid')), []) } })] })]);
    assert.equal(found.fixes?.[0].title, 'Mount /tmp with noexec,nosuid');
    assert.equal(rewritten, '/tmp:noexec,nosuid');
  });
});
