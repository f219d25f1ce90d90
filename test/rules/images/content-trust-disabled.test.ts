import { ruleTester } from '../../helpers/rule-tester';

ruleTester('content-trust-disabled', {
  valid: [
    'FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST=1',
    'FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST=true',
    'FROM docker:27-cli\nARG DOCKER_CONTENT_TRUST',
    'FROM docker:27-cli\nENV OTHER_TRUST=0',
    'FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST_SERVER=0',
    { kind: 'compose', code: 'services:\n  ci:\n    image: docker:27-cli\n    environment:\n      DOCKER_CONTENT_TRUST: "1"\n' },
    { kind: 'compose', code: 'services:\n  ci:\n    image: docker:27-cli\n    environment:\n      - DOCKER_CONTENT_TRUST\n' },
    { kind: 'compose', code: 'services:\n  ci:\n    image: docker:27-cli\n    environment:\n      DOCKER_CONTENT_TRUST: ${DCT:-1}\n' },
  ],
  invalid: [
    { code: 'FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST=0', errors: [{ line: 2, column: 5, endColumn: 27, message: 'turns off image signature verification' }] },
    { code: 'FROM docker:27-cli\nENV PATH=/bin DOCKER_CONTENT_TRUST="false"', errors: [{ line: 2, column: 15, endColumn: 43 }] },
    { code: 'FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST FALSE', errors: [{ line: 2, column: 5 }] },
    { code: 'ARG DOCKER_CONTENT_TRUST=0\nFROM docker:27-cli', name: 'a global ARG default', errors: [{ line: 1, column: 5, endColumn: 27 }] },
    { kind: 'compose', code: 'services:\n  ci:\n    image: docker:27-cli\n    environment:\n      DOCKER_CONTENT_TRUST: "0"\n', errors: [{ line: 5, column: 7, endColumn: 32, message: 'Service "ci"' }] },
    { kind: 'compose', code: 'services:\n  ci:\n    image: docker:27-cli\n    environment:\n      - DOCKER_CONTENT_TRUST=false\n', errors: [{ line: 5, column: 9, endColumn: 35 }] },
  ],
});
