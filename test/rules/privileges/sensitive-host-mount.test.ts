import * as assert from 'node:assert/strict';
import { bindMount, container, runtimeFindings, setting } from '../../helpers/runtime';
import { ruleTester } from '../../helpers/rule-tester';

const volumes = (lines: string) => `services:\n  agent:\n    image: example/agent:1.0\n    volumes:\n${lines}`;

ruleTester('sensitive-host-mount', {
  valid: [
    { kind: 'compose', name: 'a .. that leaves a sensitive folder, and application state under /var/lib', code: volumes('      - /etc/../srv/app:/app\n      - /var/lib/postgresql/data:/var/lib/postgresql/data\n      - /root/../srv:/srv\n') },
    { kind: 'compose', code: volumes('      - ./data:/data\n      - /srv/app:/app:ro\n') },
    { kind: 'compose', name: 'single files under /etc', code: volumes('      - /etc/localtime:/etc/localtime:ro\n      - /etc/timezone:/etc/timezone:ro\n') },
    {
      kind: 'compose',
      name: 'application folders and harmless files under /etc and /usr',
      code: volumes(
        '      - /etc/pihole/:/etc/pihole/\n      - /etc/dnsmasq.d:/etc/dnsmasq.d\n      - /etc/letsencrypt:/etc/letsencrypt\n      - /etc/resolv.conf:/etc/resolv.conf\n      - /usr/src:/usr/src\n      - /usr/share/appdata/wg:/config\n      - /usr/library:/x\n      - /lib/firmware:/y\n',
      ),
    },
    { kind: 'compose', name: 'named volumes with system-like targets', code: volumes('      - etc:/etc\n      - /etc\n') },
    { kind: 'compose', name: 'a path that only starts like one', code: volumes('      - /etcetera:/x\n      - /procs:/y\n      - ~/.sshfs:/z\n') },
    { kind: 'compose', name: 'the docker socket has its own rule', code: volumes('      - /var/run/docker.sock:/var/run/docker.sock\n') },
    { kind: 'compose', name: 'a long-syntax volume', code: volumes('      - type: volume\n        source: etc\n        target: /etc\n') },
    { kind: 'compose', name: 'a named volume bound to an application folder', code: `${volumes('      - data:/data\n')}volumes:\n  data:\n    driver_opts: {type: none, o: bind, device: /srv/data}\n` },
    { kind: 'compose', name: 'a named volume of another driver', code: `${volumes('      - etc:/x\n')}volumes:\n  etc:\n    driver: local-persist\n    driver_opts: {o: bind, device: /etc}\n` },
  ],
  invalid: [
    {
      kind: 'compose',
      name: '.. and . are resolved before matching, and the path it resolves to is named',
      code: volumes('      - /usr/../root:/r\n      - /home/u/../../etc/shadow:/s:ro\n      - /srv/./../etc/:/e\n      - /etc/..:/host:ro\n'),
      errors: [
        { line: 5, message: '/usr/../root (that is /root) writable', severity: 'error' },
        { line: 6, message: '/home/u/../../etc/shadow (that is /etc/shadow) read-only', severity: 'warning' },
        { line: 7, message: '/srv/./../etc/ (that is /etc)' },
        { line: 8, message: '/etc/.. (that is /)' },
      ],
    },
    {
      kind: 'compose',
      name: 'the container runtimes\' state: /var/lib, /var/lib/containerd and below, in long syntax and through a bound volume',
      code: `${volumes('      - /var/lib:/host-lib\n      - type: bind\n        source: /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs\n        target: /snap\n      - state:/state\n')}volumes:\n  state:\n    driver_opts: {type: none, o: bind, device: /var/lib/containerd}\n`,
      errors: [
        { line: 5, message: '/var/lib writable' },
        { line: 7, message: '(under /var/lib/containerd)' },
        { line: 9, message: '/var/lib/containerd writable' },
      ],
    },
    {
      kind: 'compose',
      name: 'a named volume the local driver binds to a host folder: at the item, the device as related',
      code: `${volumes('      - hostetc:/host/etc\n      - hostroot:/host:ro\n')}volumes:\n  hostetc:\n    driver: local\n    driver_opts:\n      type: none\n      o: bind\n      device: /etc\n  hostroot:\n    driver_opts: {type: none, o: "rbind", device: /}\n`,
      errors: [
        { line: 5, column: 9, endColumn: 26, message: "mounts the host's /etc writable", severity: 'error', related: [{ line: 13, column: 15 }] },
        { line: 6, column: 9, message: "host's / read-only", severity: 'warning', related: [{ line: 15 }] },
      ],
    },
    {
      kind: 'compose',
      name: 'the host root, writable: error at the item',
      code: volumes('      - /:/host\n'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 16, message: "mounts the host's / writable", severity: 'error' }],
    },
    {
      kind: 'compose',
      name: 'read-only: warning',
      code: volumes('      - /proc:/host/proc:ro\n      - "/sys:/host/sys:ro,rslave"\n'),
      errors: [
        { line: 5, column: 9, message: 'read-only', severity: 'warning' },
        { line: 6, column: 9, severity: 'warning' },
      ],
    },
    {
      kind: 'compose',
      name: 'user credential folders, home-relative and absolute',
      code: volumes('      - ~/.ssh:/root/.ssh\n      - ~/.aws/credentials:/root/.aws/credentials:ro\n      - /home/dev/.docker:/root/.docker\n      - /root:/r\n'),
      errors: [
        { line: 5, message: '~/.ssh', severity: 'error' },
        { line: 6, message: '(under ~/.aws)', severity: 'warning' },
        { line: 7, message: '/home/dev/.docker (under ~/.docker)' },
        { line: 8 },
      ],
    },
    {
      kind: 'compose',
      name: 'subtrees and trailing slashes',
      code: volumes('      - /var/lib/docker/volumes:/v\n      - /etc/:/host/etc\n      - /sys/fs/cgroup:/sys/fs/cgroup:ro\n      - ~:/home/me\n'),
      errors: [{ line: 5 }, { line: 6, message: '/etc/' }, { line: 7, severity: 'warning' }, { line: 8, message: "host's ~ writable" }],
    },
    {
      kind: 'compose',
      name: 'host binaries, libraries and kernel modules below their folders',
      code: volumes('      - /lib/modules:/lib/modules\n      - /usr/lib/modules:/usr/lib/modules:ro\n      - /usr/bin/docker:/usr/bin/docker:ro\n      - /usr/sbin/iptables:/sbin/iptables\n      - /bin/busybox:/bin/busybox:ro\n      - /sbin/modprobe:/sbin/modprobe\n'),
      errors: [
        { line: 5, column: 9, endColumn: 34, message: "host's /lib/modules writable", severity: 'error' },
        { line: 6, message: '/usr/lib/modules (under /usr/lib) read-only', severity: 'warning' },
        { line: 7, message: '(under /usr/bin)', severity: 'warning' },
        { line: 8, message: '(under /usr/sbin)', severity: 'error' },
        { line: 9, message: '(under /bin)', severity: 'warning' },
        { line: 10, message: '(under /sbin)', severity: 'error' },
      ],
    },
    {
      kind: 'compose',
      name: "the host's accounts, services and schedules under /etc",
      code: volumes(
        '      - /etc/passwd:/etc/passwd:ro\n      - /etc/group:/etc/group:ro\n      - /etc/kubernetes/pki:/pki\n      - /etc/docker:/etc/docker\n      - /etc/systemd/system:/systemd\n      - /etc/cron.d:/etc/cron.d\n      - /etc/crontab:/etc/crontab:ro\n',
      ),
      errors: [
        { line: 5, message: "host's /etc/passwd read-only", severity: 'warning' },
        { line: 6, message: "host's /etc/group read-only", severity: 'warning' },
        { line: 7, message: '(under /etc/kubernetes) writable', severity: 'error' },
        { line: 8, message: "host's /etc/docker writable" },
        { line: 9, message: '(under /etc/systemd)' },
        { line: 10, message: "host's /etc/cron.d writable" },
        { line: 11, message: "host's /etc/crontab read-only", severity: 'warning' },
      ],
    },
    {
      kind: 'compose',
      name: 'long syntax: at the source, read_only gives a warning',
      code: volumes('      - type: bind\n        source: /etc\n        target: /host/etc\n        read_only: true\n      - type: bind\n        source: /usr\n        target: /host/usr\n'),
      errors: [
        { line: 6, column: 17, endColumn: 21, severity: 'warning' },
        { line: 10, column: 17, severity: 'error' },
      ],
    },
    {
      kind: 'compose',
      name: 'through a merge key: anchored at <<',
      code: 'x-host: &host\n  volumes:\n    - /:/rootfs:ro\nservices:\n  agent:\n    <<: *host\n    image: example/agent:1.0\n',
      errors: [{ line: 6, column: 5, endColumn: 7, severity: 'warning', related: [{ line: 3 }] }],
    },
  ],
});

describe('sensitive-host-mount: every front door', () => {
  it('a writable mount of /etc/ssh: an error in every front door; read-only: a warning', () => {
    for (const frontDoor of ['compose', 'devcontainer', 'run'] as const) {
      const found = runtimeFindings('sensitive-host-mount', [container(frontDoor, { mounts: [setting(bindMount('/etc/ssh'), 2), setting(bindMount('/etc/ssh', { readOnly: true }), 3), setting(bindMount('/srv/app'), 4)] })]);
      assert.deepEqual(found.map((f) => [f.severity, f.range.start.line]), [['error', 2], ['warning', 3]]);
      assert.ok(found[0].message.startsWith(`${container(frontDoor).label} mounts the host's /etc/ssh writable`), found[0].message);
    }
  });

  it('says :ro only where the syntax has it', () => {
    const [short, long] = runtimeFindings('sensitive-host-mount', [container('devcontainer', { mounts: [setting(bindMount('/root')), setting(bindMount('/root', { syntax: 'long' }))] })]);
    assert.match(short.message, /read-only \(:ro\)\.$/);
    assert.match(long.message, /read-only\.$/);
  });

  it('a mount a feature adds: at most a warning, naming the feature; the fix uses the front door\'s read-only edit', () => {
    const edit = { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: ':ro' };
    const [granted, own] = runtimeFindings('sensitive-host-mount', [
      container('devcontainer', { mounts: [setting(bindMount('/var/lib/docker'), 1, { grantedBy: 'example/feature' }), setting(bindMount('/proc'), 2, { edits: { readOnly: () => [edit] } })] }),
    ]);
    assert.equal(granted.severity, 'warning');
    assert.match(granted.message, /feature example\/feature grants it/);
    assert.deepEqual(own.fixes, [{ title: 'Mount it read-only', safe: false, edits: [edit] }]);
  });
});
