import { ruleTester } from '../../helpers/rule-tester';

/** `secret-in-env` where a dev container sets a literal secret: `containerEnv`, `remoteEnv`, `-e` in `runArgs`. */
ruleTester('secret-in-env', {
  valid: [
    { kind: 'devcontainer', name: 'values read from the host or the container', code: '{ "containerEnv": { "GITHUB_TOKEN": "${localEnv:GITHUB_TOKEN}" }, "remoteEnv": { "PATH": "${containerEnv:PATH}:/x" } }' },
    { kind: 'devcontainer', name: 'settings that are not secrets', code: '{ "containerEnv": { "DOTNET_NOLOGO": "1", "TOKEN_URL": "https://example.com/token" } }' },
    { kind: 'devcontainer', name: 'a commented-out secret', code: '{\n  // "containerEnv": { "DB_PASSWORD": "hunter2hunter2" },\n  "image": "x"\n}' },
  ],
  invalid: [
    {
      kind: 'devcontainer',
      name: 'containerEnv and remoteEnv, masked, the value moved to ${localEnv:NAME}',
      code: '{\n  "containerEnv": {\n    "GITHUB_TOKEN": "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB", // mine\n  },\n  "remoteEnv": { "DB_PASSWORD": "hunter2hunter2" },\n}',
      errors: [
        { line: 3, column: 5, endColumn: 65, severity: 'error', message: 'The dev container sets GITHUB_TOKEN to a literal secret (ghp_', notMessage: 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB' },
        { line: 5, column: 18, endColumn: 49, notMessage: 'hunter2hunter2' },
      ],
      files: {},
      filename: '.devcontainer/devcontainer.json',
      output: '{\n  "containerEnv": {\n    "GITHUB_TOKEN": "${localEnv:GITHUB_TOKEN}", // mine\n  },\n  "remoteEnv": { "DB_PASSWORD": "${localEnv:DB_PASSWORD}" },\n}',
    },
    {
      kind: 'devcontainer',
      name: '-e in runArgs',
      code: '{ "runArgs": ["-e", "DB_PASSWORD=hunter2hunter2"] }',
      errors: [{ line: 1, column: 16, endColumn: 48, notMessage: 'hunter2hunter2' }],
    },
  ],
});
