import * as assert from 'node:assert/strict';
import type { RuntimeSetting } from '../../../rules/model/runtime';
import { container, lineRange, runtimeFindings, setting } from '../../helpers/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('privileged', {
  valid: [
    { kind: 'compose', name: 'hooks and builds without privileges', code: service('    post_start:\n      - command: ./init.sh\n        privileged: false\n    pre_stop:\n      - command: ./drain.sh\n    build:\n      context: .\n      privileged: false\n      entitlements: [other.thing]\n') },
    { kind: 'compose', name: 'a short build', code: service('    build: .\n') },
    { kind: 'compose', code: service('') },
    { kind: 'compose', code: service('    privileged: false\n') },
    { kind: 'compose', code: service('    privileged: "false"\n') },
    { kind: 'compose', code: service('    privileged:\n') },
    { kind: 'compose', name: 'an unknown variable', code: service('    privileged: ${PRIVILEGED}\n') },
    { kind: 'compose', name: 'extends a service of another file', code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: web\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'lifecycle hooks that run privileged, at the hook\'s privileged key, block and flow style',
      code: service('    post_start:\n      - command: ./init.sh\n        privileged: true\n      - command: ./other.sh\n    pre_stop:\n      - {command: ./drain.sh, privileged: "true", user: root}\n'),
      errors: [
        { line: 6, column: 9, endColumn: 19, message: 'A post_start hook of service "web" runs privileged' },
        { line: 9, message: 'A pre_stop hook' },
      ],
    },
    {
      kind: 'compose',
      name: 'a privileged hook brought in by a merge key',
      code: 'x-hooks: &hooks\n  - command: ./init.sh\n    privileged: true\nservices:\n  web:\n    image: nginx:1.27\n    post_start: *hooks\n',
      errors: [{ line: 7, related: [{ line: 3 }] }],
    },
    {
      kind: 'compose',
      name: 'a privileged build and the entitlements that grant privileges',
      code: 'services:\n  app:\n    build:\n      context: .\n      privileged: true\n      entitlements:\n        - security.insecure\n        - network.host\n  other:\n    build: {context: ., entitlements: ["security.insecure"]}\n',
      errors: [
        { line: 5, column: 7, message: 'is built privileged (build.privileged: true)', severity: 'error' },
        { line: 7, column: 11, message: 'security.insecure entitlement', severity: 'error' },
        { line: 8, message: 'network.host entitlement', severity: 'warning' },
        { line: 10, message: 'security.insecure' },
      ],
    },
    {
      kind: 'compose',
      name: 'privileged: true at the key',
      code: service('    privileged: true\n'),
      errors: [{ line: 4, column: 5, endLine: 4, endColumn: 15, message: 'Service "web" runs privileged', severity: 'error', related: [] }],
    },
    { kind: 'compose', name: 'the string "true"', code: service('    privileged: "true"\n'), errors: [{ line: 4, column: 5 }] },
    { kind: 'compose', name: 'True', code: service('    privileged: True\n'), errors: [{ line: 4, column: 5 }] },
    { kind: 'compose', name: 'a variable default', code: service('    privileged: ${PRIV:-true}\n'), errors: [{ line: 4, column: 5 }] },
    {
      kind: 'compose',
      name: 'via an alias: the key, the anchor as related',
      code: 'x-yes: &yes true\nservices:\n  web:\n    image: nginx:1.27\n    privileged: *yes\n',
      errors: [{ line: 5, column: 5, endColumn: 15, related: [{ line: 1, column: 13 }] }],
    },
    {
      kind: 'compose',
      name: 'via a merge key: anchored at <<',
      code: 'x-priv: &priv\n  privileged: true\nservices:\n  web:\n    <<: *priv\n    image: nginx:1.27\n',
      errors: [{ line: 5, column: 5, endColumn: 7, related: [{ line: 2, column: 3 }] }],
    },
    {
      kind: 'compose',
      name: 'via extends: anchored at extends',
      code: 'services:\n  base:\n    image: nginx:1.27\n    privileged: true\n  web:\n    extends: base\n',
      errors: [
        { line: 4, column: 5, message: 'Service "base"' },
        { line: 6, column: 5, endColumn: 12, message: 'Service "web"', related: [{ line: 4, column: 5 }] },
      ],
    },
  ],
});

describe('privileged: every front door', () => {
  const privileged = (more: Partial<RuntimeSetting<boolean>> = {}) => [setting(true, 3, more)];

  it('reports a setting the file writes at the rule severity, in every front door, its message starting with the label', () => {
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const [found, ...more] = runtimeFindings('privileged', [container(frontDoor, { privileged: privileged({ written: '--privileged' }) })]);
      assert.deepEqual(more, []);
      assert.equal(found.severity, 'error');
      assert.equal(found.range.start.line, 3);
      assert.ok(found.message.startsWith(`${container(frontDoor).label} runs privileged`), found.message);
      assert.match(found.message, /Remove --privileged and add only/);
    }
  });

  it('reports nothing for privileged set to false', () => {
    assert.deepEqual(runtimeFindings('privileged', [container('devcontainer', { privileged: [setting(false)] })]), []);
  });

  it('a feature that grants it: a warning that names the feature, not advice to edit what the file does not write', () => {
    const [found] = runtimeFindings('privileged', [container('devcontainer', { privileged: privileged({ grantedBy: 'ghcr.io/devcontainers/features/docker-in-docker:2' }) })]);
    assert.equal(found.severity, 'warning');
    assert.match(found.message, /^The dev container runs privileged/);
    assert.match(found.message, /feature ghcr\.io\/devcontainers\/features\/docker-in-docker:2 grants it/);
    assert.doesNotMatch(found.message, /Remove it and/);
  });

  it('a container with a known purpose: info, naming the purpose', () => {
    const [found] = runtimeFindings('privileged', [container('run', { knownPurpose: 'registering binfmt handlers', privileged: privileged() })]);
    assert.equal(found.severity, 'info');
    assert.match(found.message, /registering binfmt handlers/);
  });

  it('an incomplete container still reports what it does set', () => {
    assert.equal(runtimeFindings('privileged', [container('run', { incomplete: true, privileged: privileged() })]).length, 1);
  });

  it('the fix removes the setting with the edits its front door gives, titled as it names the setting', () => {
    const edit = { range: lineRange(3), newText: '' };
    const [found] = runtimeFindings('privileged', [container('run', { privileged: privileged({ written: '--privileged', edits: { remove: () => [edit] } }) })]);
    assert.deepEqual(found.fixes, [{ title: 'Remove --privileged', safe: false, edits: [edit] }]);
    const [unwritten] = runtimeFindings('privileged', [container('run', { privileged: privileged({ edits: { remove: () => [edit] } }) })]);
    assert.equal(unwritten.fixes?.[0].title, 'Remove the privileged setting');
  });
});
