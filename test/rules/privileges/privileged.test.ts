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
