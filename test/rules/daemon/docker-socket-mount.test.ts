import * as assert from 'node:assert/strict';
import { bindMount, container, runtimeFindings, setting } from '../../helpers/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const volumes = (lines: string) => `services:\n  proxy:\n    image: traefik:v3.1\n    volumes:\n${lines}`;

ruleTester('docker-socket-mount', {
  valid: [
    { kind: 'compose', name: 'relative paths and a .. that leaves the socket folder', code: volumes('      - ./run:/run\n      - /run/../srv:/srv\n      - /var/run/docker.sock/..x:/x\n') },
    { kind: 'compose', code: volumes('      - ./traefik.yaml:/etc/traefik/traefik.yaml:ro\n') },
    { kind: 'compose', name: 'a named volume called like a socket', code: volumes('      - docker.sock:/data\n') },
    { kind: 'compose', name: 'the socket path only inside the container', code: volumes('      - data:/var/run/docker.sock\n') },
    { kind: 'compose', name: 'a socket-like name that is not one', code: volumes('      - /var/run/docker.socket.d:/x\n') },
    { kind: 'compose', name: 'no volumes', code: 'services:\n  web:\n    image: nginx:1.27\n' },
    { kind: 'compose', name: 'an unknown variable', code: volumes('      - ${SOCKET}:/var/run/docker.sock\n') },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'the root in every spelling the kernel resolves to it, read-only or not, short and long syntax',
      code: volumes('      - /:/host:ro\n      - //:/h2\n      - /.:/h3\n      - /etc/..:/h4\n      - /usr/../:/h5:ro\n      - type: bind\n        source: /etc/../..\n        target: /h6\n        read_only: true\n'),
      errors: [
        { line: 5, message: 'mounts /, the folder that holds' },
        { line: 6, message: '//' },
        { line: 7, message: '/. (that is /)' },
        { line: 8, message: '/etc/.. (that is /)' },
        { line: 9, message: 'Read-only does not help' },
        { line: 11, column: 17, message: '/etc/../.. (that is /)' },
      ],
    },
    {
      kind: 'compose',
      name: 'the root through a named volume bound by the local driver',
      code: `${volumes('      - hostroot:/host\n')}volumes:\n  hostroot:\n    driver: local\n    driver_opts:\n      type: none\n      o: bind,ro\n      device: /\n`,
      errors: [{ line: 5, message: 'mounts /, the folder', related: [{ line: 12 }] }],
    },
    {
      kind: 'compose',
      name: 'a socket path with .. and . resolved first',
      code: volumes('      - /var/lib/../run/docker.sock:/s1\n      - /opt/./../run/containerd/containerd.sock:/s2\n      - "/srv/x/../../var/run:/s3"\n'),
      errors: [{ line: 5, message: '(that is /var/run/docker.sock)' }, { line: 6, message: 'containerd.sock' }, { line: 7, message: 'the folder that holds' }],
    },
    {
      kind: 'compose',
      name: 'a named volume the local driver binds to the socket: at the item, the device as related',
      code: `${volumes('      - sock:/var/run/docker.sock\n')}volumes:\n  sock:\n    driver_opts: {type: none, o: bind, device: /var/run/docker.sock}\n`,
      errors: [{ line: 5, column: 9, message: '/var/run/docker.sock', related: [{ line: 8, column: 48 }] }],
    },
    {
      kind: 'compose',
      name: 'short syntax, anchored at the item',
      code: volumes('      - /var/run/docker.sock:/var/run/docker.sock\n'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 50, message: 'Service "proxy" mounts the container engine\'s API socket /var/run/docker.sock', severity: 'error' }],
    },
    {
      kind: 'compose',
      name: 'read-only is still reported',
      code: volumes('      - "/run/docker.sock:/var/run/docker.sock:ro"\n'),
      errors: [{ line: 5, column: 9, endColumn: 51, message: 'Read-only does not help' }],
    },
    {
      kind: 'compose',
      name: 'long syntax, anchored at the source',
      code: volumes('      - type: bind\n        source: /var/run/docker.sock\n        target: /var/run/docker.sock\n        read_only: true\n'),
      errors: [{ line: 6, column: 17, endColumn: 37 }],
    },
    {
      kind: 'compose',
      name: 'containerd, podman, rootless sockets and the socket folder',
      code: volumes('      - /run/containerd/containerd.sock:/c.sock\n      - /run/user/1000/podman/podman.sock:/p.sock\n      - /run/user/1000/docker.sock:/d.sock\n      - /var/run:/host/run\n      - /var//run/./docker.sock:/x.sock\n'),
      errors: [
        { line: 5, message: 'containerd.sock' },
        { line: 6, message: 'podman.sock' },
        { line: 7, message: '/run/user/1000/docker.sock' },
        { line: 8, message: 'the folder that holds' },
        { line: 9 },
      ],
    },
    {
      kind: 'compose',
      name: 'an interpolated default',
      code: volumes('      - ${DOCKER_SOCK:-/var/run/docker.sock}:/var/run/docker.sock\n'),
      errors: [{ line: 5, column: 9 }],
    },
    {
      kind: 'compose',
      name: 'through an alias: anchored where used, definition related',
      code: 'x-sock: &sock /var/run/docker.sock:/var/run/docker.sock\nservices:\n  proxy:\n    image: traefik:v3.1\n    volumes:\n      - *sock\n',
      errors: [{ line: 6, column: 9, endColumn: 14, related: [{ line: 1, column: 15 }] }],
    },
    {
      kind: 'compose',
      name: 'a long-syntax volume through an alias: at the alias, the source related',
      code: 'x-sock: &sock\n  type: bind\n  source: /var/run/docker.sock\n  target: /var/run/docker.sock\nservices:\n  proxy:\n    image: traefik:v3.1\n    volumes:\n      - *sock\n',
      errors: [{ line: 9, column: 9, endColumn: 14, related: [{ line: 3, column: 11 }] }],
    },
    {
      kind: 'compose',
      name: 'through extends: anchored at the extends key',
      code: 'services:\n  base:\n    image: traefik:v3.1\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n  proxy:\n    extends: base\n',
      errors: [
        { line: 4, column: 15, message: 'Service "base"' },
        { line: 6, column: 5, endColumn: 12, message: 'Service "proxy"', related: [{ line: 4 }] },
      ],
    },
  ],
});

describe('docker-socket-mount: every front door', () => {
  it('the socket: an error in every front door, read-only or not', () => {
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const found = runtimeFindings('docker-socket-mount', [container(frontDoor, { mounts: [setting(bindMount('/var/run/docker.sock'), 2), setting(bindMount('/run/docker.sock', { readOnly: true }), 3), setting(bindMount('/srv'), 4)] })]);
      assert.deepEqual(found.map((f) => [f.severity, f.range.start.line]), [['error', 2], ['error', 3]]);
      assert.ok(found[0].message.startsWith(`${container(frontDoor).label} mounts the container engine's API socket /var/run/docker.sock`), found[0].message);
      assert.match(found[1].message, /Read-only does not help/);
    }
  });

  it('mounted by a feature (docker-outside-of-docker): a warning naming it', () => {
    const feature = 'ghcr.io/devcontainers/features/docker-outside-of-docker:1';
    const [found] = runtimeFindings('docker-socket-mount', [container('devcontainer', { mounts: [setting(bindMount('/var/run/docker.sock'), 1, { grantedBy: feature })] })]);
    assert.equal(found.severity, 'warning');
    assert.ok(found.message.includes(`feature ${feature} grants it`), found.message);
  });
});
