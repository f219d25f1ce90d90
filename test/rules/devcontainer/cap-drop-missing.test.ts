import { ruleTester } from '../../helpers/rule-tester';

/** `cap-drop-missing` on a dev container: at most info, at the container's anchor, never when it could not be read whole. */
ruleTester('cap-drop-missing', {
  valid: [
    { kind: 'devcontainer', code: '{ "image": "x", "runArgs": ["--cap-drop=ALL", "--cap-add=CHOWN"] }' },
    { kind: 'devcontainer', name: 'a Compose dev container: its service\'s settings are in the Compose file', code: '{ "dockerComposeFile": "compose.yaml", "service": "app" }' },
    { kind: 'devcontainer', name: 'a flag the reader does not know may hide one', code: '{ "image": "x", "runArgs": ["--frobnicate", "--cap-drop", "ALL"] }' },
    { kind: 'devcontainer', name: 'a mount from an unknown variable', code: '{ "image": "x", "mounts": ["source=${localEnv:DATA},target=/data,type=bind"] }' },
    { kind: 'devcontainer', name: 'a syntax error', code: '{ "image": "x" "name": "y" }' },
  ],
  invalid: [
    {
      kind: 'devcontainer',
      name: 'at the name, with the fix that adds --cap-drop=ALL to runArgs, as the file indents',
      code: '{\n\t// The project.\n\t"name": "app",\n\t"runArgs": ["--init"],\n}',
      errors: [{ line: 3, column: 2, endColumn: 8, severity: 'info', message: 'The dev container keeps Docker\'s default Linux capabilities' }],
      output: '{\n\t// The project.\n\t"name": "app",\n\t"runArgs": [\n\t\t"--init",\n\t\t"--cap-drop=ALL"\n\t],\n}',
    },
    {
      kind: 'devcontainer',
      name: 'at the top-level `{` without a name; the fix makes runArgs',
      code: '{\n  "image": "x"\n}',
      errors: [{ line: 1, column: 1, endColumn: 2, severity: 'info' }],
      output: '{\n  "image": "x",\n  "runArgs": [\n    "--cap-drop=ALL"\n  ]\n}',
    },
  ],
});
