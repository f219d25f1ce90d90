import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('privileged', {
  valid: [
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
