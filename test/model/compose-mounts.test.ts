import * as assert from 'node:assert/strict';
import { parseCompose } from '../../rules/model/compose';
import { deviceMappings, normalizePath, parseShortPort, portMappings, tmpfsMounts, volumeMounts } from '../../rules/model/compose-mounts';
import type { Range } from '../../rules/types';

/** The first service of a compose text. */
function first(text: string) {
  const model = parseCompose(text);
  return { model, service: model.services[0] };
}

/** A range as `line:col-line:col`, 1-based as an editor shows it. */
const at = (range: Range | undefined) => range && `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;

const web = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

describe('compose-mounts model', () => {
  describe('volumes', () => {
    it('reads the short syntax: binds, named volumes, anonymous volumes, modes', () => {
      const { model, service } = first(
        web('    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - ./conf:/etc/nginx/conf.d:ro,z\n      - ~/.ssh:/root/.ssh\n      - data:/data:nocopy\n      - /cache\n      - "../up:/up:rshared"\n'),
      );
      const mounts = volumeMounts(model, service);
      assert.deepEqual(
        mounts.map((m) => [m.syntax, m.type, m.source, m.target, m.readOnly, m.propagation, m.options.join(','), at(m.range)]),
        [
          ['short', 'bind', '/var/run/docker.sock', '/var/run/docker.sock', true, undefined, 'ro', '5:9-5:53'],
          ['short', 'bind', './conf', '/etc/nginx/conf.d', true, undefined, 'ro,z', '6:9-6:38'],
          ['short', 'bind', '~/.ssh', '/root/.ssh', false, undefined, '', '7:9-7:26'],
          ['short', 'volume', 'data', '/data', false, undefined, 'nocopy', '8:9-8:26'],
          ['short', 'volume', undefined, '/cache', false, undefined, '', '9:9-9:15'],
          ['short', 'bind', '../up', '/up', false, 'rshared', 'rshared', '10:9-10:28'],
        ],
      );
    });

    it('reads the long syntax, anchored at the source (the target when there is none)', () => {
      const { model, service } = first(
        web('    volumes:\n      - type: bind\n        source: /etc\n        target: /host/etc\n        read_only: true\n        bind:\n          propagation: rshared\n      - type: tmpfs\n        target: /tmp\n      - source: data\n        target: /data\n'),
      );
      const mounts = volumeMounts(model, service);
      assert.deepEqual(
        mounts.map((m) => [m.syntax, m.type, m.source, m.target, m.readOnly, m.propagation, at(m.range)]),
        [
          ['long', 'bind', '/etc', '/host/etc', true, 'rshared', '6:17-6:21'],
          ['long', 'tmpfs', undefined, '/tmp', false, undefined, '12:17-12:21'],
          ['long', 'volume', 'data', '/data', false, undefined, '13:17-13:21'],
        ],
      );
    });

    it('reads a named volume that the local driver binds to a host path as a bind mount of that path', () => {
      const { model, service } = first(`${web('    volumes:\n      - sock:/var/run/docker.sock\n      - type: volume\n        source: logs\n        target: /logs\n      - data:/data\n')}volumes:\n  sock:\n    driver_opts:\n      o: bind\n      device: /var/run/docker.sock\n  logs:\n    driver_opts: {type: none, o: "bind,ro", device: "\${LOGS:-/var/log}"}\n  data:\n    driver_opts: {type: nfs, o: "addr=10.0.0.1", device: ":/data"}\n`);
      assert.deepEqual(
        volumeMounts(model, service).map((m) => [m.syntax, m.type, m.source, m.readOnly, at(m.range), at(m.definedAt)]),
        [
          ['short', 'bind', '/var/run/docker.sock', false, '5:9-5:34', '14:15-14:35'],
          ['long', 'bind', '/var/log', true, '7:17-7:21', '16:53-16:72'],
          ['short', 'volume', 'data', false, '9:9-9:19', undefined],
        ],
      );
    });

    it('interpolates the defaults written in the file and keeps unknown variables raw', () => {
      const { model, service } = first(web('    volumes:\n      - ${SOCK:-/run/docker.sock}:/s\n      - ${DATA}:/data\n'));
      assert.deepEqual(volumeMounts(model, service).map((m) => [m.type, m.source]), [['bind', '/run/docker.sock'], [undefined, '${DATA}']]);
    });

    it('anchors aliased items, merge keys and extends where they are used', () => {
      const text = 'x-sock: &sock /var/run/docker.sock:/var/run/docker.sock\nx-vols: &vols\n  volumes:\n    - /etc:/etc\nservices:\n  a:\n    image: x:1\n    volumes:\n      - *sock\n  b:\n    <<: *vols\n    image: x:1\n  c:\n    extends: a\n';
      const model = parseCompose(text);
      const [a, b, c] = model.services;
      const [ma] = volumeMounts(model, a);
      assert.equal(at(ma.range), '9:9-9:14');
      assert.equal(at(ma.definedAt), '1:15-1:56');
      const [mb] = volumeMounts(model, b);
      assert.equal(at(mb.range), '11:5-11:7');
      assert.equal(mb.source, '/etc');
      assert.ok(mb.definedAt);
      const [mc] = volumeMounts(model, c);
      assert.equal(at(mc.range), '14:5-14:12');
      assert.equal(mc.source, '/var/run/docker.sock');
    });

    it('reads the current folder, an empty list and a list of non-strings', () => {
      const { model, service } = first(web('    volumes:\n      - .:/app\n      - {}\n      - [a]\n'));
      assert.deepEqual(volumeMounts(model, service).map((m) => [m.syntax, m.type, m.source, m.target]), [['short', 'bind', '.', '/app'], ['long', 'volume', undefined, undefined]]);
      const empty = first(web('    volumes: []\n'));
      assert.deepEqual(volumeMounts(empty.model, empty.service), []);
    });

    it('normalizes paths', () => {
      assert.equal(normalizePath('/var//run/./docker.sock'), '/var/run/docker.sock');
      assert.equal(normalizePath('/etc/'), '/etc');
      assert.equal(normalizePath('//'), '/');
      assert.equal(normalizePath('/.'), '/');
    });
  });

  describe('ports', () => {
    it('parses the short syntax', () => {
      const cases: Array<[string, unknown]> = [
        ['8080', { hostIp: undefined, published: undefined, target: '8080', protocol: 'tcp', targetPorts: [8080, 8080], publishedPorts: undefined }],
        ['8080:80', { hostIp: undefined, published: '8080', target: '80', protocol: 'tcp', targetPorts: [80, 80], publishedPorts: [8080, 8080] }],
        ['127.0.0.1:8080:80', { hostIp: '127.0.0.1', published: '8080', target: '80', protocol: 'tcp', targetPorts: [80, 80], publishedPorts: [8080, 8080] }],
        ['127.0.0.1::80', { hostIp: '127.0.0.1', published: undefined, target: '80', protocol: 'tcp', targetPorts: [80, 80], publishedPorts: undefined }],
        ['[::1]:80:80', { hostIp: '::1', published: '80', target: '80', protocol: 'tcp', targetPorts: [80, 80], publishedPorts: [80, 80] }],
        ['::1:80:80', { hostIp: '::1', published: '80', target: '80', protocol: 'tcp', targetPorts: [80, 80], publishedPorts: [80, 80] }],
        ['8000-8010:8000-8010', { hostIp: undefined, published: '8000-8010', target: '8000-8010', protocol: 'tcp', targetPorts: [8000, 8010], publishedPorts: [8000, 8010] }],
        ['53:53/udp', { hostIp: undefined, published: '53', target: '53', protocol: 'udp', targetPorts: [53, 53], publishedPorts: [53, 53] }],
        ['127.0.0.1:5000-5010:5000-5010/udp', { hostIp: '127.0.0.1', published: '5000-5010', target: '5000-5010', protocol: 'udp', targetPorts: [5000, 5010], publishedPorts: [5000, 5010] }],
        ['8080:80/TCP', { hostIp: undefined, published: '8080', target: '80', protocol: 'tcp', targetPorts: [80, 80], publishedPorts: [8080, 8080] }],
      ];
      for (const [text, expected] of cases) assert.deepEqual(parseShortPort(text), expected, text);
      assert.equal(parseShortPort('http'), undefined);
      assert.equal(parseShortPort('[::1:80:80'), undefined);
      assert.equal(parseShortPort('80-70'), undefined);
    });

    it('reads short and long syntax with their anchors', () => {
      const { model, service } = first(
        web('    ports:\n      - 8080\n      - "127.0.0.1:443:443"\n      - target: 80\n        published: "8081"\n        host_ip: 0.0.0.0\n      - target: 22\n        protocol: TCP\n'),
      );
      const ports = portMappings(model, service);
      assert.deepEqual(
        ports.map((p) => [p.syntax, p.hostIp, p.published, p.target, p.protocol, at(p.range)]),
        [
          ['short', undefined, undefined, '8080', 'tcp', '5:9-5:13'],
          ['short', '127.0.0.1', '443', '443', 'tcp', '6:9-6:28'],
          ['long', '0.0.0.0', '8081', '80', 'tcp', '8:20-8:26'],
          ['long', undefined, undefined, '22', 'tcp', '10:17-10:19'],
        ],
      );
    });
  });

  describe('devices and tmpfs', () => {
    it('reads devices, with CDI names', () => {
      const { model, service } = first(web('    devices:\n      - /dev/ttyUSB0:/dev/ttyUSB0:rwm\n      - /dev/kmsg\n      - nvidia.com/gpu=all\n'));
      assert.deepEqual(
        deviceMappings(model, service).map((d) => [d.host, d.container, d.permissions, at(d.range)]),
        [
          ['/dev/ttyUSB0', '/dev/ttyUSB0', 'rwm', '5:9-5:38'],
          ['/dev/kmsg', undefined, undefined, '6:9-6:18'],
          ['nvidia.com/gpu=all', undefined, undefined, '7:9-7:27'],
        ],
      );
    });

    it('reads tmpfs as a string or a list', () => {
      const single = first(web('    tmpfs: /run\n'));
      assert.deepEqual(tmpfsMounts(single.model, single.service).map((t) => [t.target, t.options, at(t.range)]), [['/run', [], '4:12-4:16']]);
      const list = first(web('    tmpfs:\n      - /tmp:size=64m,noexec\n      - /run\n'));
      assert.deepEqual(tmpfsMounts(list.model, list.service).map((t) => [t.target, t.options]), [['/tmp', ['size=64m', 'noexec']], ['/run', []]]);
    });
  });
});
