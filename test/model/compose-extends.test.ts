import { ruleTester } from '../helpers/rule-tester';

const COMMON = 'services:\n  base:\n    image: nginx:latest\n    privileged: true\n    cap_drop: [ALL]\n';
const WEB = 'services:\n  web:\n    extends:\n      file: common.yml\n      service: base\n';

ruleTester('privileged', {
  valid: [
    { kind: 'compose', name: 'the extending service overrides the inherited value', code: `${WEB}    privileged: false\n`, files: { 'common.yml': COMMON } },
    { kind: 'compose', name: '!reset drops the inherited value', code: `${WEB}    privileged: !reset null\n`, files: { 'common.yml': COMMON } },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'a value inherited from another file is anchored at extends, the other file related',
      code: WEB,
      files: { 'common.yml': COMMON },
      errors: [{ line: 3, column: 5, endColumn: 12, related: [{ line: 4, file: 'common.yml' }] }],
    },
    {
      kind: 'compose',
      name: 'a chain across files, relative to the file that extends',
      code: WEB,
      files: { 'common.yml': 'services:\n  base:\n    extends:\n      file: shared/root.yml\n      service: root\n', 'shared/root.yml': 'services:\n  root:\n    privileged: true\n' },
      errors: [{ line: 3, related: [{ line: 3, file: 'shared/root.yml' }] }],
    },
  ],
});

ruleTester('cap-drop-missing', {
  valid: [
    { kind: 'compose', name: 'cap_drop inherited from another file', code: WEB, files: { 'common.yml': COMMON } },
    { kind: 'compose', name: 'an extended file that cannot be read may set it', code: WEB, files: {} },
    { kind: 'compose', name: 'sequences append: the inherited ALL stays', code: `${WEB}    cap_drop: [NET_RAW]\n`, files: { 'common.yml': COMMON } },
  ],
  invalid: [],
});

ruleTester('image-latest-tag', {
  valid: [{ kind: 'compose', name: 'the extending service pins the image', code: `${WEB}    image: nginx:1.27\n`, files: { 'common.yml': COMMON } }],
  invalid: [{ kind: 'compose', name: 'an inherited image', code: WEB, files: { 'common.yml': COMMON }, errors: [{ line: 3, related: [{ line: 3, file: 'common.yml' }] }] }],
});

ruleTester('parse-error', {
  valid: [{ kind: 'compose', name: 'a chain is not a cycle', code: 'services:\n  a:\n    extends: b\n  b:\n    extends: c\n  c:\n    image: app:1\n' }],
  invalid: [
    {
      kind: 'compose',
      name: 'a service that extends itself',
      code: 'services:\n  a:\n    image: app:1\n    extends: a\n',
      errors: [{ line: 4, column: 5, endColumn: 12, message: 'Service "a" extends itself: a → a.' }],
    },
    {
      kind: 'compose',
      name: 'a cycle in one file: each service of it is reported at its extends',
      code: 'services:\n  a:\n    extends: b\n  b:\n    extends:\n      service: a\n',
      errors: [
        { line: 3, message: 'a → b → a', related: [{ line: 5 }] },
        { line: 5, message: 'b → a → b', related: [{ line: 3 }] },
      ],
    },
    {
      kind: 'compose',
      name: 'a cycle across files, the other file related',
      code: WEB,
      files: { 'common.yml': 'services:\n  base:\n    extends:\n      file: compose.yaml\n      service: web\n' },
      errors: [{ line: 3, message: 'web → common.yml#base → web', related: [{ line: 3, file: 'common.yml' }] }],
    },
    {
      kind: 'compose',
      name: 'a service that extends into a cycle elsewhere',
      code: WEB,
      files: { 'common.yml': 'services:\n  base:\n    extends: loop\n  loop:\n    extends: base\n' },
      errors: [{ line: 3, message: 'Service "web" extends a cycle: common.yml#base → common.yml#loop → common.yml#base' }],
    },
  ],
});
