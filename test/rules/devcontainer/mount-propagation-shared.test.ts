import { ruleTester } from '../../helpers/rule-tester';

/** `mount-propagation-shared` where a dev container declares a mount: `bind-propagation` in a `mounts` string, `runArgs`. */
ruleTester('mount-propagation-shared', {
  valid: [{ kind: 'devcontainer', code: '{ "mounts": ["source=/mnt/data,target=/data,type=bind,bind-propagation=rslave"] }' }],
  invalid: [
    {
      kind: 'devcontainer',
      code: '{\n  "mounts": [\n    // minikube\n    "source=/mnt/data,target=/data,type=bind,bind-propagation=rshared",\n  ],\n}',
      errors: [{ line: 4, column: 6, endColumn: 70, message: 'rshared' }],
    },
    { kind: 'devcontainer', code: '{ "runArgs": ["-v", "/mnt:/mnt:shared"] }', errors: [{ line: 1, column: 16, endColumn: 38 }] },
  ],
});
