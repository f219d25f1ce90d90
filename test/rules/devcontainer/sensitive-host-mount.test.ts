import { ruleTester } from '../../helpers/rule-tester';

/** `sensitive-host-mount` where a dev container declares the container: `mounts` with the home and workspace variables, `runArgs`. */
ruleTester('sensitive-host-mount', {
  valid: [
    { kind: 'devcontainer', name: 'the workspace and a cache volume', code: '{ "mounts": ["source=${localWorkspaceFolder}/.cache,target=/cache,type=bind", "source=cargo-${devcontainerId},target=/usr/local/cargo,type=volume"] }' },
    { kind: 'devcontainer', name: 'a home folder that holds no credentials', code: '{ "mounts": ["source=${localEnv:HOME}/.config/nvim,target=/home/vscode/.config/nvim,type=bind"] }' },
    { kind: 'devcontainer', name: 'an unknown variable', code: '{ "mounts": ["source=${localEnv:SSH_DIR},target=/home/vscode/.ssh,type=bind"] }' },
  ],
  invalid: [
    {
      kind: 'devcontainer',
      name: '~/.ssh through ${localEnv:HOME}${localEnv:USERPROFILE}, as Windows and Linux hosts both write it',
      code: '{\n  "mounts": [\n    "source=${localEnv:HOME}${localEnv:USERPROFILE}/.ssh,target=/home/vscode/.ssh,type=bind,consistency=cached",\n  ],\n}',
      errors: [{ line: 3, column: 6, endColumn: 111, severity: 'error', message: "The dev container mounts the host's ~/.ssh writable" }],
      output: '{\n  "mounts": [\n    "source=${localEnv:HOME}${localEnv:USERPROFILE}/.ssh,target=/home/vscode/.ssh,type=bind,consistency=cached,readonly",\n  ],\n}',
    },
    {
      kind: 'devcontainer',
      name: 'the object form with the older ${env:HOME}, at its source',
      code: '{ "mounts": [{ "source": "${env:HOME}/.kube", "target": "/kube", "type": "bind" }] }',
      errors: [{ line: 1, column: 27, endColumn: 44, message: '~/.kube' }],
    },
    {
      kind: 'devcontainer',
      name: 'the host root through runArgs',
      code: '{ "runArgs": ["--volume=/:/host"] }',
      errors: [{ line: 1, column: 16, endColumn: 32 }],
    },
  ],
});
