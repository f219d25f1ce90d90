import { ruleTester } from '../../helpers/rule-tester';

/** `port-bound-to-all-interfaces` where a dev container publishes ports: `appPort` strings and `-p` in `runArgs`. */
ruleTester('port-bound-to-all-interfaces', {
  valid: [
    { kind: 'devcontainer', name: 'forwardPorts publish nothing; a numbered appPort is published on 127.0.0.1', code: '{ "forwardPorts": [3000, "db:5432"], "appPort": [8080] }' },
    { kind: 'devcontainer', code: '{ "appPort": ["127.0.0.1:9000:9000"], "runArgs": ["-p", "127.0.0.1:5000:5000"] }' },
  ],
  invalid: [
    {
      kind: 'devcontainer',
      name: 'appPort strings, as Home Assistant writes them; the fix binds them to 127.0.0.1',
      code: '{\n  "appPort": ["9123:8123", "7357:4357"],\n}',
      errors: [
        { line: 2, column: 16, endColumn: 25, message: 'Port 8123 of the dev container is published without a host IP' },
        { line: 2, column: 29, endColumn: 38, message: 'Port 4357' },
      ],
      output: '{\n  "appPort": ["127.0.0.1:9123:8123", "127.0.0.1:7357:4357"],\n}',
    },
    {
      kind: 'devcontainer',
      name: 'a single appPort string, and -p in runArgs',
      code: '{ "appPort": "8080:80", "runArgs": ["--publish=0.0.0.0:2222:22"] }',
      errors: [{ line: 1, column: 15, endColumn: 22 }, { line: 1, column: 38, endColumn: 63 }],
    },
  ],
});
