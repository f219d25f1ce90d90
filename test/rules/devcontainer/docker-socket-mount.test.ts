import { ruleTester } from '../../helpers/rule-tester';

/** `docker-socket-mount` where a dev container declares the container: `mounts`, `runArgs`, features. */
ruleTester('docker-socket-mount', {
  valid: [
    { kind: 'devcontainer', code: '{ "mounts": ["source=dind-var-lib-docker,target=/var/lib/docker,type=volume"] }' },
    { kind: 'devcontainer', name: 'docker-in-docker mounts a volume, not the socket', code: '{ "features": { "ghcr.io/devcontainers/features/docker-in-docker:2": {} } }' },
    { kind: 'devcontainer', name: 'a source from a variable Bulwark cannot resolve', code: '{ "mounts": ["source=${localEnv:DOCKER_SOCK},target=/var/run/docker.sock,type=bind"] }' },
  ],
  invalid: [
    {
      kind: 'devcontainer',
      name: 'the --mount string form, at the string, after a comment',
      code: '{\n  // Docker from the host.\n  "mounts": [ "source=/var/run/docker.sock,target=/var/run/docker-host.sock,type=bind" ],\n}',
      errors: [{ line: 3, column: 16, endColumn: 86, severity: 'error', message: 'The dev container mounts the container engine\'s API socket /var/run/docker.sock' }],
    },
    {
      kind: 'devcontainer',
      name: 'the object form, at its source',
      code: '{\n  "mounts": [\n    { "source": "/var/run/docker.sock", "target": "/var/run/docker.sock", "type": "bind" },\n  ]\n}',
      errors: [{ line: 3, column: 18, endColumn: 38, severity: 'error' }],
    },
    {
      kind: 'devcontainer',
      name: 'runArgs -v',
      code: '{ "runArgs": ["-v", "/var/run/docker.sock:/var/run/docker.sock"] }',
      errors: [{ line: 1, column: 16, endColumn: 63 }],
    },
    {
      kind: 'devcontainer',
      name: 'docker-outside-of-docker and its former id: warnings on the feature keys, naming them and what to use instead',
      code: '{\n  "features": {\n    "ghcr.io/devcontainers/features/docker-outside-of-docker:1": {},\n    "docker-from-docker": "latest"\n  }\n}',
      errors: [
        { line: 3, column: 5, endColumn: 64, severity: 'warning', message: 'feature ghcr.io/devcontainers/features/docker-outside-of-docker:1 grants it: use the socket of a rootless Docker daemon on the host' },
        { line: 4, column: 5, endColumn: 25, severity: 'warning', message: 'feature docker-from-docker grants it: use docker-outside-of-docker with the socket of a rootless Docker daemon' },
      ],
    },
  ],
});
