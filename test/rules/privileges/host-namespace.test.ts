import * as assert from 'node:assert/strict';
import { container, runtimeFindings, setting } from '../../helpers/runtime';
import type { NamespaceKind, NamespaceSetting, RuntimeSetting } from '../../../rules/model/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('host-namespace', {
  valid: [
    { kind: 'compose', code: service('') },
    { kind: 'compose', code: service('    network_mode: bridge\n    pid: private\n    ipc: shareable\n') },
    { kind: 'compose', code: service('    network_mode: none\n    userns_mode: ""\n') },
    { kind: 'compose', name: 'an unknown variable', code: service('    network_mode: ${MODE}\n') },
    { kind: 'compose', name: 'uts cannot join a container', code: service('    uts: "container:x"\n') },
    { kind: 'compose', name: 'v1 file format: net bridge or none', code: 'web:\n  image: nginx:1.27\n  net: bridge\ndb:\n  image: postgres:16.4\n  net: none\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'each key with its severity, at the key',
      code: service('    pid: host\n    ipc: host\n    network_mode: host\n    userns_mode: host\n    uts: host\n    cgroup: host\n'),
      errors: [
        { line: 4, column: 5, endLine: 4, endColumn: 8, message: 'pid: host', severity: 'error', related: [] },
        { line: 5, column: 5, endColumn: 8, message: 'ipc: host', severity: 'error' },
        { line: 6, column: 5, endColumn: 17, message: 'network_mode: host', severity: 'error' },
        { line: 7, column: 5, endColumn: 16, message: 'userns-remap', severity: 'warning' },
        { line: 8, column: 5, message: 'uts: host', severity: 'info' },
        { line: 9, column: 5, message: 'cgroup: host', severity: 'info' },
      ],
    },
    { kind: 'compose', name: 'quoted, any case', code: service('    network_mode: "HOST"\n'), errors: [{ line: 4, column: 5, severity: 'error' }] },
    {
      kind: 'compose',
      name: 'joining another container or service',
      code: service('    network_mode: "service:vpn"\n    pid: "container:monitor"\n'),
      errors: [
        { line: 4, column: 5, message: 'joins the network namespace of service "vpn"', severity: 'warning' },
        { line: 5, column: 5, message: 'joins the pid namespace of container "monitor"', severity: 'warning' },
      ],
    },
    {
      kind: 'compose',
      name: 'v1 file format (services at the top level): net is network_mode',
      code: 'vpn:\n  build: .\n  net: host\nsidecar:\n  image: nginx:1.27\n  net: "container:vpn"\n',
      errors: [
        { line: 3, column: 3, endColumn: 6, message: 'Service "vpn" shares the host\'s network stack', severity: 'error' },
        { line: 6, column: 3, endColumn: 6, message: 'joins the network namespace of container "vpn" (net: container:vpn)', severity: 'warning' },
      ],
    },
    {
      kind: 'compose',
      name: 'via a merge key: anchored at <<',
      code: 'x-h: &h\n  network_mode: host\nservices:\n  web:\n    <<: *h\n    image: nginx:1.27\n',
      errors: [{ line: 5, column: 5, endColumn: 7, related: [{ line: 2, column: 3 }] }],
    },
    {
      kind: 'compose',
      name: 'via an alias',
      code: 'x-mode: &mode host\nservices:\n  web:\n    image: nginx:1.27\n    pid: *mode\n',
      errors: [{ line: 5, column: 5, endColumn: 8, related: [{ line: 1, column: 15 }] }],
    },
    {
      kind: 'compose',
      name: 'via extends: anchored at extends',
      code: 'services:\n  base:\n    image: nginx:1.27\n    ipc: host\n  web:\n    extends: base\n',
      errors: [
        { line: 4, column: 5, message: 'Service "base"' },
        { line: 6, column: 5, endColumn: 12, message: 'Service "web"', severity: 'error', related: [{ line: 4, column: 5 }] },
      ],
    },
  ],
});

describe('host-namespace: every front door', () => {
  const namespace = (kind: NamespaceKind, mode: string, writtenAs: string, more: Partial<RuntimeSetting<NamespaceSetting>> = {}) => setting<NamespaceSetting>({ kind, mode, writtenAs }, 2, more);

  it("the host's namespaces at each one's severity, in every front door", () => {
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const found = runtimeFindings('host-namespace', [
        container(frontDoor, {
          namespaces: [namespace('network', 'host', '--network'), namespace('userns', 'host', '--userns'), namespace('uts', 'host', '--uts'), namespace('network', 'bridge', '--network')],
        }),
      ]);
      assert.deepEqual(found.map((f) => f.severity), ['error', 'warning', 'info']);
      assert.ok(found.every((f) => f.message.startsWith(container(frontDoor).label)));
      assert.match(found[0].message, /network stack.* \(--network host\)/);
    }
  });

  it('joining another container: a warning that names it', () => {
    const [found] = runtimeFindings('host-namespace', [container('run', { namespaces: [namespace('pid', 'container:db', '--pid', { written: '--pid=container:db' })] })]);
    assert.equal(found.severity, 'warning');
    assert.match(found.message, /joins the pid namespace of container "db" \(--pid=container:db\)/);
  });

  it('granted by a feature: at most a warning, naming it; a known purpose: info', () => {
    const [granted] = runtimeFindings('host-namespace', [container('devcontainer', { namespaces: [namespace('pid', 'host', 'pid', { grantedBy: 'example/feature' })] })]);
    assert.equal(granted.severity, 'warning');
    assert.match(granted.message, /feature example\/feature grants it/);
    const [purposed] = runtimeFindings('host-namespace', [container('run', { knownPurpose: 'registering binfmt handlers', namespaces: [namespace('pid', 'host', '--pid')] })]);
    assert.equal(purposed.severity, 'info');
  });
});
