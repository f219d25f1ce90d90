import { ruleTester } from '../../helpers/rule-tester';

ruleTester('daemon-icc-enabled', {
  valid: [
    { kind: 'daemon', name: 'icc false', code: '{\n  "icc": false\n}\n' },
    { kind: 'daemon', name: 'an empty file', code: '' },
    { kind: 'systemd', name: 'a command line without --icc: its daemon.json may set it', code: '[Service]\nExecStart=/usr/bin/dockerd\n' },
    { kind: 'systemd', name: '--icc=false', code: '[Service]\nExecStart=/usr/bin/dockerd --icc=false\n' },
  ],
  invalid: [
    { kind: 'daemon', name: 'missing: at the opening brace', code: '\n{\n  "debug": true\n}\n', errors: [{ line: 2, column: 1, endColumn: 2, message: 'defaults to true', severity: 'info' }] },
    { kind: 'daemon', name: 'true: at the key', code: '{\n  "icc": true\n}\n', errors: [{ line: 2, column: 3, endColumn: 8, message: 'is not false' }] },
    { kind: 'systemd', name: 'an explicit --icc=true', code: '[Service]\nExecStart=/usr/bin/dockerd --icc=true\n', errors: [{ line: 2, column: 28, endColumn: 38 }] },
    { kind: 'systemd', name: 'an explicit --icc', code: '[Service]\nExecStart=-/usr/bin/dockerd --icc\n', errors: [{ line: 2, column: 29, endColumn: 34 }] },
    { kind: 'dockerfile', name: 'dockerd --icc=true in a RUN', code: 'FROM docker:27-dind\nRUN dockerd --icc=true &\n', errors: [{ line: 2, column: 13, endColumn: 23 }] },
    { kind: 'compose', name: 'a dind service started with --icc=true', code: 'services:\n  dind:\n    image: docker:dind\n    command: --icc=true\n', errors: [{ line: 4, column: 14, endColumn: 24 }] },
  ],
});
