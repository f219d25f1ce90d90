import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('logging-disabled', {
  valid: [
    { kind: 'compose', code: service('') },
    { kind: 'compose', code: service('    logging:\n      driver: local\n') },
    { kind: 'compose', code: service('    logging:\n      options: {max-size: 10m}\n') },
    { kind: 'compose', name: 'an unknown variable', code: service('    logging:\n      driver: ${LOG_DRIVER}\n') },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'driver none: at the value',
      code: service('    logging:\n      driver: none\n'),
      errors: [{ line: 5, column: 15, endLine: 5, endColumn: 19, message: '"none" logging driver', severity: 'warning', related: [] }],
    },
    { kind: 'compose', name: 'quoted, flow mapping', code: service('    logging: {driver: "none"}\n'), errors: [{ line: 4, column: 23, endColumn: 29 }] },
    {
      kind: 'compose',
      name: 'via a merge key: anchored at <<',
      code: 'x-log: &log\n  logging:\n    driver: none\nservices:\n  web:\n    <<: *log\n    image: nginx:1.27\n',
      errors: [{ line: 6, column: 5, endColumn: 7, related: [{ line: 3, column: 13 }] }],
    },
    {
      kind: 'compose',
      name: 'via an alias of the logging mapping',
      code: 'x-log: &log\n  driver: none\nservices:\n  web:\n    image: nginx:1.27\n    logging: *log\n',
      errors: [{ line: 6, column: 14, endColumn: 18, related: [{ line: 2, column: 11 }] }],
    },
    {
      kind: 'compose',
      name: 'via extends: anchored at extends',
      code: 'services:\n  base:\n    image: nginx:1.27\n    logging: {driver: none}\n  web:\n    extends: base\n',
      errors: [
        { line: 4, column: 23, message: 'Service "base"' },
        { line: 6, column: 5, endColumn: 12, message: 'Service "web"', related: [{ line: 4, column: 23 }] },
      ],
    },
  ],
});
