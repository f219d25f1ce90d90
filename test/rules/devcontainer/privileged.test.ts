import { ruleTester } from '../../helpers/rule-tester';

/** The `privileged` rule where a dev container declares the container: its own key, its runArgs, its features. */
ruleTester('privileged', {
  valid: [
    { kind: 'devcontainer', code: '{ "image": "mcr.microsoft.com/devcontainers/base:bookworm" }' },
    { kind: 'devcontainer', code: '{\n  // "privileged": true,\n  "privileged": false,\n  "runArgs": ["--privileged=false", "--init"],\n}' },
    { kind: 'devcontainer', name: 'a feature that grants nothing, and one the table does not know', code: '{ "features": { "ghcr.io/devcontainers/features/node:1": {}, "ghcr.io/someone/features/docker-in-docker:1": {} } }' },
    { kind: 'devcontainer', name: 'runArgs are not used by a Compose dev container', code: '{ "dockerComposeFile": "compose.yaml", "service": "app", "runArgs": ["--privileged"] }' },
    { kind: 'devcontainer', name: 'a variable where the value is', code: '{ "runArgs": ["--privileged=${localEnv:PRIV}"] }' },
    { kind: 'devcontainer', name: 'suppressed above the key', code: '{\n  // bulwark-ignore privileged -- kernel module tests\n  "privileged": true\n}' },
  ],
  invalid: [
    {
      kind: 'devcontainer',
      name: 'its own key, after comments and before a trailing comma: an error, removable',
      code: '// The project\'s container.\n{\n  /* image */ "image": "x",\n  "privileged": true, // for USB\n}\n',
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 15, severity: 'error', message: 'The dev container runs privileged' }],
      output: '// The project\'s container.\n{\n  /* image */ "image": "x",\n  // for USB\n}\n',
    },
    {
      kind: 'devcontainer',
      name: 'a runArgs flag, at the string\'s content',
      code: '{\n  "image": "x",\n  "runArgs": [\n    "--init",\n    "--privileged", // needed for dind\n  ],\n}',
      errors: [{ line: 5, column: 6, endColumn: 18, severity: 'error' }],
      output: '{\n  "image": "x",\n  "runArgs": [\n    "--init",\n    // needed for dind\n  ],\n}',
    },
    {
      kind: 'devcontainer',
      name: 'runArgs as the corpus writes them, with other flags around',
      code: '{"build": {"dockerfile": "Dockerfile"}, "runArgs": ["-e", "GIT_EDITOR=code --wait", "--privileged"]}',
      errors: [{ line: 1, column: 86, endColumn: 98 }],
    },
    {
      kind: 'devcontainer',
      name: 'a feature that asks for it: a warning on the feature\'s key, naming it and the alternative',
      code: '{\n  "image": "mcr.microsoft.com/devcontainers/base:bookworm",\n  "features": {\n    "ghcr.io/devcontainers/features/docker-in-docker:2": { "moby": true },\n  },\n}',
      errors: [
        {
          line: 4,
          column: 5,
          endColumn: 56,
          severity: 'warning',
          message: 'The dev container runs privileged: it gets every capability and all host devices, and can take over the host. The dev container feature ghcr.io/devcontainers/features/docker-in-docker:2 grants it: use docker-outside-of-docker',
        },
      ],
    },
    {
      kind: 'devcontainer',
      name: 'a legacy short feature id, in a Compose dev container',
      code: '{ "dockerComposeFile": ["../compose.yaml"], "service": "app", "features": { "docker-in-docker": "latest" } }',
      errors: [{ line: 1, column: 77, endColumn: 95, severity: 'warning', message: 'feature docker-in-docker grants it' }],
    },
  ],
});
