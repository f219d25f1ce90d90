import { ruleTester } from '../../helpers/rule-tester';

/** `ssh-port-exposed` where a dev container publishes port 22: an `appPort` string or `-p` in `runArgs`. */
ruleTester('ssh-port-exposed', {
  valid: [{ kind: 'devcontainer', name: 'forwarded, not published', code: '{ "forwardPorts": [22], "features": { "ghcr.io/devcontainers/features/sshd:1": {} } }' }],
  invalid: [
    { kind: 'devcontainer', code: '{ "appPort": ["2222:22"] }', errors: [{ line: 1, column: 16, endColumn: 23 }] },
    { kind: 'devcontainer', code: '{ "runArgs": ["-p", "2222:22"] }', errors: [{ line: 1, column: 16, endColumn: 29 }] },
  ],
});
