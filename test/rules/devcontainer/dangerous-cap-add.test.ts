import { ruleTester } from '../../helpers/rule-tester';

/** `dangerous-cap-add` where a dev container declares the container: `capAdd`, `runArgs`, features. */
ruleTester('dangerous-cap-add', {
  valid: [
    { kind: 'devcontainer', code: '{ "capAdd": ["NET_BIND_SERVICE"], "runArgs": ["--cap-drop=ALL"] }' },
    { kind: 'devcontainer', name: 'a commented-out capability', code: '{\n  // "capAdd": ["SYS_ADMIN"],\n  "image": "x",\n}' },
    { kind: 'devcontainer', name: 'a feature the table does not know', code: '{ "features": { "ghcr.io/someone/features/go:1": {} } }' },
  ],
  invalid: [
    {
      kind: 'devcontainer',
      name: 'capAdd, at the item, with comments and trailing commas; removable',
      code: '{\n  "image": "x",\n  "capAdd": [\n    "NET_ADMIN", /* vpn */\n    "SYS_ADMIN", // fuse\n  ],\n}',
      errors: [
        { line: 4, column: 6, endColumn: 15, message: 'The dev container adds the NET_ADMIN capability' },
        { line: 5, column: 6, endColumn: 15, severity: 'error', message: 'The dev container adds the SYS_ADMIN capability' },
      ],
      output: '{\n  "image": "x",\n  "capAdd": [\n    /* vpn */\n    // fuse\n  ],\n}',
    },
    {
      kind: 'devcontainer',
      name: 'runArgs, in one word or two',
      code: '{\n  "runArgs": ["--cap-add=SYS_PTRACE", "--cap-add", "SYS_ADMIN"]\n}',
      errors: [
        { line: 2, column: 16, endColumn: 36, message: 'SYS_PTRACE' },
        { line: 2, column: 40, endColumn: 62, message: 'SYS_ADMIN' },
      ],
      // The two removals share a comma: one is applied per pass.
      output: '{\n  "runArgs": ["--cap-add", "SYS_ADMIN"]\n}',
    },
    {
      kind: 'devcontainer',
      name: 'a flag and its value removed together, the comma before them too',
      code: '{ "runArgs": ["--init", "--cap-add", "SYS_ADMIN"] }',
      errors: [{ line: 1, column: 26, endColumn: 48 }],
      output: '{ "runArgs": ["--init"] }',
    },
    {
      kind: 'devcontainer',
      name: 'granted by the Go feature: a warning on its key, naming it and what to use instead',
      code: '{\n  "features": {\n    "ghcr.io/devcontainers/features/go:1": {},\n  },\n}',
      errors: [{ line: 3, column: 5, endColumn: 42, severity: 'warning', message: 'SYS_PTRACE capability (tracing and injecting code into other processes): enough to escape the container or attack the host. The dev container feature ghcr.io/devcontainers/features/go:1 grants it: use a Go toolchain installed by the Dockerfile or already in the image instead' }],
    },
  ],
});
