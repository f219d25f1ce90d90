import { ruleTester } from '../../helpers/rule-tester';

ruleTester('daemon-insecure-registry', {
  valid: [
    { kind: 'daemon', name: 'no insecure registries', code: '{\n  "registry-mirrors": ["https://mirror.example.com"]\n}\n' },
    { kind: 'daemon', name: 'an empty list', code: '{\n  "insecure-registries": []\n}\n' },
    { kind: 'systemd', name: 'a command line without the flag', code: '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n' },
    { kind: 'systemd', name: 'the flag outside [Service]', code: '[Unit]\nExecStart=/usr/bin/dockerd --insecure-registry reg:5000\n' },
    { kind: 'compose', name: 'a service that is not dockerd', code: 'services:\n  app:\n    image: example/app:1\n    command: ["--insecure-registry=x"]\n' },
    { kind: 'systemd', name: 'a command line reset by an empty ExecStart=', code: '[Service]\nExecStart=/usr/bin/dockerd --insecure-registry reg:5000\nExecStart=\nExecStart=/usr/bin/dockerd\n' },
  ],
  invalid: [
    {
      kind: 'daemon',
      name: 'each item, anchored at the item',
      code: '{\n  "insecure-registries": [\n    "registry.local:5000",\n    "10.0.0.0/8"\n  ]\n}\n',
      errors: [
        { line: 3, column: 5, endColumn: 26, message: 'registry.local:5000', severity: 'warning' },
        { line: 4, column: 5, endColumn: 17, message: '10.0.0.0/8' },
      ],
    },
    {
      kind: 'systemd',
      name: 'every --insecure-registry flag, in both forms, with its value',
      code: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --insecure-registry reg:5000 \\\n  --insecure-registry=10.1.2.3:5000\n',
      errors: [
        { line: 3, column: 28, endColumn: 56, message: 'reg:5000' },
        { line: 4, column: 3, endColumn: 36, message: '10.1.2.3:5000' },
      ],
    },
    {
      kind: 'dockerfile',
      name: 'a Docker-in-Docker image that starts dockerd with the flag',
      code: 'FROM docker:27-dind\nCMD ["dockerd", "--insecure-registry", "registry:5000"]\n',
      errors: [{ line: 2, column: 17, endColumn: 55 }],
    },
    {
      kind: 'compose',
      name: 'a dind service whose command is flags for dockerd',
      code: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    command:\n      - --insecure-registry=registry:5000\n',
      errors: [{ line: 6, column: 9, endColumn: 42 }],
    },
  ],
});
