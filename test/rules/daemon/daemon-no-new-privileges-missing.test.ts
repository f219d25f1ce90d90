import { ruleTester } from '../../helpers/rule-tester';

ruleTester('daemon-no-new-privileges-missing', {
  valid: [
    { kind: 'daemon', name: 'set to true', code: '{\n  "no-new-privileges": true\n}\n' },
    { kind: 'daemon', name: 'a file that is not an object', code: '[]\n' },
  ],
  invalid: [
    { kind: 'daemon', name: 'missing', code: '{\n  "debug": true\n}\n', errors: [{ line: 1, column: 1, endColumn: 2, message: 'not set', severity: 'info' }] },
    { kind: 'daemon', name: 'false', code: '{ "no-new-privileges": false }\n', errors: [{ line: 1, column: 1, message: 'not true' }] },
    { kind: 'daemon', name: 'a string is not true', code: '{ "no-new-privileges": "true" }\n', errors: [{ line: 1, column: 1 }] },
  ],
});
