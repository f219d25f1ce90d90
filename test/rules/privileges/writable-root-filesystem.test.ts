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
