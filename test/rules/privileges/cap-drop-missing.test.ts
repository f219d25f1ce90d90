import * as assert from 'node:assert/strict';
import { container, runtimeFindings, setting } from '../../helpers/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('cap-drop-missing', {
  valid: [
    { kind: 'compose', name: 'moot when privileged (privileged reports it)', code: 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n' },
    { kind: 'compose', name: 'moot with cap_add: [ALL] (dangerous-cap-add reports it)', code: 'services:\n  web:\n    image: nginx:1.27\n    cap_add: [all]\n' },
    { kind: 'compose', code: service('    cap_drop: [ALL]\n') },
    { kind: 'compose', code: service('    cap_drop: [all]\n') },
    { kind: 'compose', name: 'ALL in any case', code: service('    cap_drop:\n      - all\n') },
    { kind: 'compose', code: service('    cap_drop:\n      - NET_RAW\n      - "ALL"\n') },
    { kind: 'compose', name: 'via a merge key', code: 'x-hardened: &hardened\n  cap_drop: [ALL]\nservices:\n  web:\n    <<: *hardened\n    image: nginx:1.27\n' },
    { kind: 'compose', name: 'via a merge key list', code: 'x-hardened: &hardened\n  cap_drop: [ALL]\nx-logging: &logging\n  logging: {driver: local}\nservices:\n  web:\n    <<: [*logging, *hardened]\n    image: nginx:1.27\n' },
    { kind: 'compose', name: 'via an alias', code: 'x-caps: &caps [ALL]\nservices:\n  web:\n    image: nginx:1.27\n    cap_drop: *caps\n' },
    { kind: 'compose', name: 'via a 10-level merge chain', code: chain(10) },
    { kind: 'compose', name: 'via extends', code: 'services:\n  base:\n    image: nginx:1.27\n    cap_drop: [ALL]\n  web:\n    extends: base\n  api:\n    extends:\n      service: base\n' },
    { kind: 'compose', name: 'extends a service of another file', code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: web\n' },
    { kind: 'compose', name: 'x- extensions are not services', code: 'x-defaults:\n  image: nginx:1.27\nservices: {}\n' },
    { kind: 'compose', name: 'an x- key under services is not a service', code: 'services:\n  x-template:\n    image: nginx:1.27\n' },
    { kind: 'compose', name: 'no services', code: 'volumes:\n  data: {}\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'CAP_ALL is no capability: Docker rejects it, in any case and form',
      code: service('    cap_drop:\n      - CAP_ALL\n') + '  db:\n    image: postgres:16\n    cap_drop: ["cap_all", NET_RAW]\n',
      errors: [
        { line: 2, column: 3, message: 'drops CAP_ALL, which is no capability: Docker rejects it' },
        { line: 6, column: 3, message: 'Docker rejects it' },
      ],
    },
    {
      kind: 'compose',
      name: 'privileged: false and narrower cap_add do not make it moot',
      code: service('    privileged: false\n    cap_add: [NET_ADMIN]\n'),
      errors: [{ line: 2, column: 3, message: 'Add cap_drop: [ALL]' }],
    },
    {
      kind: 'compose',
      name: 'absent: anchored at the service key',
      code: service(''),
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, message: 'Add cap_drop: [ALL]', severity: 'warning' }],
    },
    {
      kind: 'compose',
      name: 'a list without ALL',
      code: service('    cap_drop:\n      - NET_RAW\n      - CHOWN\n'),
      errors: [{ line: 2, column: 3, endColumn: 6, message: 'drops some capabilities but not ALL' }],
    },
    {
      kind: 'compose',
      name: 'an empty list drops nothing',
      code: service('    cap_drop: []\n'),
      errors: [{ line: 2, column: 3, message: "keeps Docker's default Linux capabilities" }],
    },
    {
      kind: 'compose',
      name: 'an empty key drops nothing',
      code: service('    cap_drop:\n'),
      errors: [{ line: 2, column: 3, message: "keeps Docker's default Linux capabilities" }],
    },
    {
      kind: 'compose',
      name: 'ALL as part of a longer name does not count',
      code: service('    cap_drop: [ALL_CAPS, CAP_ALL_X]\n'),
      errors: [{ line: 2, column: 3, message: 'not ALL' }],
    },
    {
      kind: 'compose',
      name: 'every service is judged',
      code: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n',
      errors: [
        { line: 5, column: 3, endColumn: 5, message: 'Service "db"' },
        { line: 7, column: 3, endColumn: 8, message: 'Service "cache"' },
      ],
    },
    {
      kind: 'compose',
      name: 'a merge key brings a list without ALL',
      code: 'x-caps: &caps\n  cap_drop: [NET_RAW]\nservices:\n  web:\n    <<: *caps\n    image: nginx:1.27\n',
      errors: [{ line: 4, column: 3, message: 'not ALL' }],
    },
    {
      kind: 'compose',
      name: 'a service that is an alias of an anchored mapping',
      code: 'x-web: &web\n  image: nginx:1.27\nservices:\n  web: *web\n',
      errors: [{ line: 4, column: 3, endColumn: 6 }],
    },
    {
      kind: 'compose',
      name: 'legacy v1 file: the top-level keys are the services',
      code: 'version: "2"\nweb:\n  image: nginx:1.27\nworker:\n  build: .\n  cap_drop: [ALL]\n',
      errors: [{ line: 2, column: 1, endColumn: 4, message: 'Service "web"' }],
    },
    {
      kind: 'compose',
      name: 'quoted service name, CRLF',
      code: 'services:\r\n  "web":\r\n    image: nginx:1.27\r\n',
      errors: [{ line: 2, column: 3, endColumn: 8 }],
    },
  ],
});

/** A service that gets cap_drop through `depth` merge keys, each anchor merging the previous one. */
function chain(depth: number): string {
  let text = 'x-level0: &level0\n  cap_drop: [ALL]\n';
  for (let i = 1; i < depth; i++) text += `x-level${i}: &level${i}\n  <<: *level${i - 1}\n  labels: {level${i}: "yes"}\n`;
  return `${text}services:\n  web:\n    <<: *level${depth - 1}\n    image: nginx:1.27\n`;
}

describe('cap-drop-missing: every front door', () => {
  it('no --cap-drop=ALL: the rule severity in Compose, info elsewhere, at the container, in its own words', () => {
    const expected = { compose: ['warning', 'cap_drop: [ALL]'], devcontainer: ['info', '"--cap-drop=ALL" in runArgs'], run: ['info', '--cap-drop=ALL'] } as const;
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const [found, ...more] = runtimeFindings('cap-drop-missing', [container(frontDoor)]);
      assert.deepEqual(more, []);
      assert.equal(found.severity, expected[frontDoor][0]);
      assert.equal(found.range.start.line, 0);
      assert.ok(found.message.startsWith(`${container(frontDoor).label} keeps Docker's default Linux capabilities`), found.message);
      assert.ok(found.message.includes(`Add ${expected[frontDoor][1]}`), found.message);
    }
  });

  it('ALL dropped, or every capability granted another way: nothing', () => {
    assert.deepEqual(
      runtimeFindings('cap-drop-missing', [container('run', { capDrop: [setting('all')] }), container('run', { privileged: [setting(true)] }), container('devcontainer', { capAdd: [setting('ALL')] })]),
      [],
    );
  });

  it('some capabilities dropped, or CAP_ALL: says so', () => {
    const [some, capAll] = runtimeFindings('cap-drop-missing', [container('run', { capDrop: [setting('NET_RAW')] }), container('run', { capDrop: [setting('CAP_ALL')] })]);
    assert.match(some.message, /drops some capabilities but not ALL/);
    assert.match(capAll.message, /drops CAP_ALL, which is no capability: .* the container does not start/);
  });

  it('an incomplete container is not judged, unless the front door knows the unread values are elsewhere', () => {
    assert.deepEqual(runtimeFindings('cap-drop-missing', [container('run', { incomplete: true }), container('devcontainer', { incomplete: true, unresolved: ['capDrop'] })]), []);
    assert.equal(runtimeFindings('cap-drop-missing', [container('compose', { incomplete: true, unresolved: ['user'] })]).length, 1);
  });

  it("the front door's place and edit for the missing setting", () => {
    const edit = { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, newText: ' --cap-drop=ALL' };
    const range = { start: { line: 5, character: 2 }, end: { line: 5, character: 8 } };
    const [found] = runtimeFindings('cap-drop-missing', [container('run', { lacking: () => ({ range, note: ' (a note)', add: () => [edit] }) })]);
    assert.deepEqual(found.range, range);
    assert.ok(found.message.endsWith(' (a note)'));
    assert.deepEqual(found.fixes, [{ title: 'Add --cap-drop=ALL (the container may need some capabilities back with --cap-add)', safe: false, edits: [edit] }]);
  });
});
