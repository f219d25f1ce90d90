import { ruleTester } from '../../helpers/rule-tester';

/** `host-device-mapped` where a dev container maps a device: `--device` in `runArgs`, as the ROS template's comments suggest. */
ruleTester('host-device-mapped', {
  valid: [{ kind: 'devcontainer', code: '{\n  "runArgs": [\n    // "--device=/dev/dri"\n    "--init"\n  ]\n}' }],
  invalid: [{ kind: 'devcontainer', code: '{\n  "runArgs": [\n    "--device=/dev/mem",\n  ]\n}', errors: [{ line: 3, column: 6, endColumn: 23 }] }],
});
