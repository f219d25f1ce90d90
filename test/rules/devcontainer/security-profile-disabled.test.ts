import { ruleTester } from '../../helpers/rule-tester';

/** `security-profile-disabled` where a dev container declares the container: `securityOpt`, `runArgs`, features. */
ruleTester('security-profile-disabled', {
  valid: [
    { kind: 'devcontainer', code: '{ "securityOpt": ["no-new-privileges"], "runArgs": ["--security-opt", "seccomp=profile.json"] }' },
    { kind: 'devcontainer', name: 'the Docker CLI feature without the socket', code: '{ "features": { "ghcr.io/devcontainers/features/docker-in-docker:2": { "version": "none" } }, "securityOpt": [] }', options: { rules: { privileged: 'off' } } },
  ],
  invalid: [
    {
      kind: 'devcontainer',
      name: 'securityOpt, at the item, after a block comment; removable',
      code: '{ /* debugging */ "securityOpt": ["seccomp=unconfined",], }',
      errors: [{ line: 1, column: 36, endColumn: 54, severity: 'error', message: 'seccomp=unconfined' }],
      output: '{ /* debugging */ "securityOpt": [], }',
    },
    {
      kind: 'devcontainer',
      name: 'the template runArgs: the flag and its value',
      code: '{\n\t"runArgs": [ "--cap-add=SYS_PTRACE", "--security-opt", "seccomp=unconfined" ],\n}',
      errors: [{ line: 2, column: 40, endColumn: 76, severity: 'error', message: 'seccomp' }],
    },
    {
      kind: 'devcontainer',
      name: 'granted by docker-outside-of-docker: a warning that names it and the rootless socket',
      code: '{\n  "features": {\n    "ghcr.io/devcontainers/features/docker-outside-of-docker:1": { "moby": true }\n  }\n}',
      errors: [{ line: 3, column: 5, endColumn: 64, severity: 'warning', message: 'label=disable). The dev container feature ghcr.io/devcontainers/features/docker-outside-of-docker:1 grants it: use the socket of a rootless Docker daemon' }],
    },
  ],
});
