import * as assert from 'node:assert/strict';
import { fixed, fixesOf } from './helpers';

const C = 'compose.yaml';

describe('quick fixes: removals and hardening of Compose services and Dockerfiles', () => {
  it('privileged: removes the line with its comment', () => {
    const { text, fix } = fixed(C, 'services:\n  web:\n    image: x:1\n    privileged: true  # why\n    user: "1"\n', 'privileged');
    assert.equal(fix.title, 'Remove privileged: true');
    assert.equal(text, 'services:\n  web:\n    image: x:1\n    user: "1"\n');
  });

  describe('dangerous-cap-add: removes the item', () => {
    it('from a block list', () => {
      assert.equal(fixed(C, 'services:\n  web:\n    image: x:1\n    cap_add:\n      - SYS_ADMIN\n      - CHOWN\n', 'dangerous-cap-add').text, 'services:\n  web:\n    image: x:1\n    cap_add:\n      - CHOWN\n');
    });
    it('with the key, when it was the only item (block and flow)', () => {
      assert.equal(fixed(C, 'services:\n  web:\n    cap_add:\n      - sys_admin\n    image: x:1\n', 'dangerous-cap-add').text, 'services:\n  web:\n    image: x:1\n');
      assert.equal(fixed(C, 'services:\r\n  web:\r\n    image: x:1\r\n    cap_add: [NET_ADMIN]\r\n', 'dangerous-cap-add').text, 'services:\r\n  web:\r\n    image: x:1\r\n');
    });
    it('from a flow list in a flow service, with its comma', () => {
      assert.equal(fixed(C, 'services:\n  c: {image: "x:1", cap_add: [CHOWN, CAP_SYS_PTRACE]}\n', 'dangerous-cap-add').text, 'services:\n  c: {image: "x:1", cap_add: [CHOWN]}\n');
      assert.equal(fixed(C, 'services:\n  c: {cap_add: [BPF], image: "x:1"}\n', 'dangerous-cap-add').text, 'services:\n  c: {image: "x:1"}\n');
    });
    it('offers nothing for an item that comes from an anchor', () => {
      assert.deepEqual(fixesOf(C, 'x-caps: &caps [SYS_ADMIN]\nservices:\n  web:\n    image: x:1\n    cap_add: *caps\n', 'dangerous-cap-add'), []);
    });
  });

  it('security-profile-disabled: removes the item, and the emptied security_opt', () => {
    const { text, fix } = fixed(C, 'services:\n  web:\n    image: x:1\n    security_opt:\n      - seccomp:unconfined\n    read_only: true\n', 'security-profile-disabled');
    assert.equal(fix.title, 'Remove seccomp:unconfined from security_opt');
    assert.equal(text, 'services:\n  web:\n    image: x:1\n    read_only: true\n');
  });

  it('host-namespace: removes the key', () => {
    assert.equal(fixed(C, 'services:\n  web:\n    image: x:1\n    network_mode: host\n    init: true\n', 'host-namespace').text, 'services:\n  web:\n    image: x:1\n    init: true\n');
  });

  describe('writable-root-filesystem: read_only: true', () => {
    it('added after image, build and environment in block style, first in flow style', () => {
      assert.equal(fixed(C, 'services:\n  web:\n    image: x:1\n', 'writable-root-filesystem').text, 'services:\n  web:\n    image: x:1\n    read_only: true\n');
      assert.equal(fixed(C, 'services:\n  web:\n    ports: ["127.0.0.1:80:80"]\n    image: x:1\n    environment:\n      A: b\n    volumes: [d:/d]\n', 'writable-root-filesystem').text, 'services:\n  web:\n    ports: ["127.0.0.1:80:80"]\n    image: x:1\n    environment:\n      A: b\n    read_only: true\n    volumes: [d:/d]\n');
      assert.equal(fixed(C, 'services:\n  web:\n    ports: ["127.0.0.1:80:80"]\n', 'writable-root-filesystem').text, 'services:\n  web:\n    read_only: true\n    ports: ["127.0.0.1:80:80"]\n');
      assert.equal(fixed(C, 'services:\n  web: {image: x}\n', 'writable-root-filesystem').text, 'services:\n  web: {read_only: true, image: x}\n');
    });
    it('in place of read_only: false', () => {
      assert.equal(fixed(C, 'services:\n  web:\n    image: x:1\n    read_only: false # for now\n', 'writable-root-filesystem').text, 'services:\n  web:\n    image: x:1\n    read_only: true # for now\n');
    });
  });

  describe('content-trust-disabled: removes the setting (safe)', () => {
    it('a list item, and the emptied environment', () => {
      assert.equal(fixed(C, 'services:\n  web:\n    image: x:1\n    environment:\n      - DOCKER_CONTENT_TRUST=0\n', 'content-trust-disabled', { safe: true }).text, 'services:\n  web:\n    image: x:1\n');
    });
    it('a map pair among others', () => {
      assert.equal(
        fixed(C, 'services:\n  web:\n    image: x:1\n    environment:\n      DOCKER_CONTENT_TRUST: "0"\n      A: b\n', 'content-trust-disabled', { safe: true }).text,
        'services:\n  web:\n    image: x:1\n    environment:\n      A: b\n',
      );
    });
    it('a Dockerfile ENV pair, or the whole ARG', () => {
      assert.equal(fixed('Dockerfile', 'FROM a:1\nENV DOCKER_CONTENT_TRUST=0 A=1\n', 'content-trust-disabled', { safe: true }).text, 'FROM a:1\nENV A=1\n');
      assert.equal(fixed('Dockerfile', 'FROM a:1\nARG DOCKER_CONTENT_TRUST=false\nRUN true\n', 'content-trust-disabled', { safe: true }).text, 'FROM a:1\nRUN true\n');
    });
  });

  describe('port-bound-to-all-interfaces: bound to 127.0.0.1', () => {
    const ports = (item: string) => `services:\n  web:\n    image: x:1\n    ports:\n      - ${item}\n`;
    it('short syntax: a prefix, inside the quotes; a lone container port keeps a random host port', () => {
      assert.equal(fixed(C, ports('"8080:80"'), 'port-bound-to-all-interfaces').text, ports('"127.0.0.1:8080:80"'));
      assert.equal(fixed(C, ports('9000'), 'port-bound-to-all-interfaces').text, ports('127.0.0.1::9000'));
      assert.equal(fixed(C, ports('0.0.0.0:443:443/udp'), 'port-bound-to-all-interfaces').text, ports('127.0.0.1:443:443/udp'));
    });
    it('long syntax: host_ip added with the item’s indentation, or replaced', () => {
      assert.equal(fixed(C, ports('target: 81\n        published: 8081'), 'port-bound-to-all-interfaces').text, ports('target: 81\n        published: 8081\n        host_ip: 127.0.0.1'));
      assert.equal(fixed(C, ports('target: 82\n        host_ip: 0.0.0.0\n        published: 8082'), 'port-bound-to-all-interfaces').text, ports('target: 82\n        host_ip: 127.0.0.1\n        published: 8082'));
    });
  });

  describe('sensitive-host-mount: mounted read-only', () => {
    const volumes = (item: string) => `services:\n  web:\n    image: x:1\n    volumes:\n      - ${item}\n`;
    it('short syntax: :ro added, or in place of rw', () => {
      assert.equal(fixed(C, volumes('/etc:/host/etc'), 'sensitive-host-mount', { milder: 'warning' }).text, volumes('/etc:/host/etc:ro'));
      assert.equal(fixed(C, volumes("'/root:/r:rw,z'"), 'sensitive-host-mount', { milder: 'warning' }).text, volumes("'/root:/r:z,ro'"));
    });
    it('long syntax: read_only: true', () => {
      assert.equal(
        fixed(C, volumes('type: bind\n        source: /var/lib/docker\n        target: /d'), 'sensitive-host-mount', { milder: 'warning' }).text,
        volumes('type: bind\n        source: /var/lib/docker\n        target: /d\n        read_only: true'),
      );
    });
  });

  describe('tmpfs-exec: noexec', () => {
    it('added to a list item, or in place of exec', () => {
      assert.equal(fixed(C, 'services:\n  web:\n    image: x:1\n    tmpfs:\n      - /tmp\n', 'tmpfs-exec').text, 'services:\n  web:\n    image: x:1\n    tmpfs:\n      - /tmp:noexec\n');
      assert.equal(fixed(C, 'services:\n  web:\n    image: x:1\n    tmpfs: ["/run:exec,size=1m"]\n', 'tmpfs-exec').text, 'services:\n  web:\n    image: x:1\n    tmpfs: ["/run:noexec,size=1m"]\n');
    });
    it('added to a lone string', () => {
      assert.equal(fixed(C, 'services:\n  web:\n    image: x:1\n    tmpfs: /x:size=1m\n', 'tmpfs-exec').text, 'services:\n  web:\n    image: x:1\n    tmpfs: /x:size=1m,noexec\n');
    });
  });
});
