import { ruleTester } from '../../helpers/rule-tester';

/** `host-namespace` where a dev container declares the container: its `runArgs`. */
ruleTester('host-namespace', {
  valid: [
    { kind: 'devcontainer', code: '{ "runArgs": ["--network=bridge", "--ipc=private"], "forwardPorts": [3000] }' },
    { kind: 'devcontainer', name: 'an unresolved variable', code: '{ "runArgs": ["--network=${localEnv:NET}"] }' },
    { kind: 'devcontainer', name: 'a Compose dev container: its namespaces are the Compose file\'s', code: '{ "dockerComposeFile": "compose.yaml", "service": "app", "runArgs": ["--pid=host"] }' },
  ],
  invalid: [
    {
      kind: 'devcontainer',
      name: 'as the ROS template writes them, after comments',
      code: '{\n\t"runArgs": [\n\t\t"--network=host",\n\t\t// "--gpus=all",\n\t\t"--ipc=host",\n\t\t"--pid", "host", // debugging\n\t],\n}',
      errors: [
        { line: 3, column: 4, endColumn: 18, severity: 'error', message: "The dev container shares the host's network stack" },
        { line: 5, column: 4, endColumn: 14, message: "host's IPC namespace" },
        { line: 6, column: 4, endColumn: 17, message: 'process' },
      ],
    },
  ],
});
