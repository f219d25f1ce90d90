import { ruleTester } from '../../helpers/rule-tester';

/** `root-user` where a dev container names its user: `containerUser`, `remoteUser`, `-u` in `runArgs`. */
ruleTester('root-user', {
  valid: [
    { kind: 'devcontainer', code: '{ "image": "mcr.microsoft.com/devcontainers/base:bookworm", "remoteUser": "vscode" }' },
    { kind: 'devcontainer', name: 'a commented-out root user', code: '{\n  "image": "x",\n  // "remoteUser": "root"\n}' },
    { kind: 'devcontainer', name: 'a user from a variable', code: '{ "containerUser": "${localEnv:USER}" }' },
  ],
  invalid: [
    {
      kind: 'devcontainer',
      name: 'remoteUser root, at its value',
      code: '{\n  "dockerFile": "Dockerfile",\n  "remoteUser": "root",\n}',
      errors: [{ line: 3, column: 18, endColumn: 22, message: 'The dev container runs as root' }],
      // No fix: the user to run as must be one the image has.
      output: '{\n  "dockerFile": "Dockerfile",\n  "remoteUser": "root",\n}',
    },
    {
      kind: 'devcontainer',
      name: 'a root containerUser wins over a non-root remoteUser',
      code: '{ "containerUser": "0", "remoteUser": "vscode" }',
      errors: [{ line: 1, column: 21, endColumn: 22 }],
    },
  ],
});
