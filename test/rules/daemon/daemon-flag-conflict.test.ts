import * as assert from 'node:assert/strict';
import { lint } from '../../../rules';
import { memoryWorkspace } from '../../helpers/memory-workspace';

function conflicts(uri: string, unit: string, files: Record<string, string>) {
  const workspace = memoryWorkspace(files);
  return lint({ uri, text: unit }, { workspace }).findings.filter((f) => f.ruleId === 'daemon-flag-conflict');
}

const DROP_IN = 'file:///srv/etc/systemd/system/docker.service.d/override.conf';

describe('daemon-flag-conflict', () => {
  it('reports a flag whose setting the daemon.json of the same tree also sets, with the key as related', () => {
    const found = conflicts(DROP_IN, '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H unix:///run/docker.sock\n', {
      'file:///srv/etc/docker/daemon.json': '{\n  "hosts": ["tcp://0.0.0.0:2376"],\n  "tlsverify": true\n}\n',
    });
    assert.equal(found.length, 1, 'one finding per setting');
    assert.equal(found[0].severity, 'error');
    assert.deepEqual(found[0].range, { start: { line: 2, character: 27 }, end: { line: 2, character: 35 } });
    assert.match(found[0].message, /"hosts" is set both/);
    assert.equal(found[0].related?.[0].uri, 'file:///srv/etc/docker/daemon.json');
    assert.equal(found[0].related?.[0].range.start.line, 1);
  });

  it('reads the daemon.json beside a unit outside a file-system tree, and the --config-file of the tree', () => {
    assert.equal(conflicts('file:///repo/docker.service', '[Service]\nExecStart=/usr/bin/dockerd --debug\n', { 'file:///repo/daemon.json': '{ "debug": true }' }).length, 1);
    assert.equal(conflicts('file:///repo/docker.service.d/x.conf', '[Service]\nExecStart=/usr/bin/dockerd --debug\n', { 'file:///repo/daemon.json': '{ "debug": true }' }).length, 1);
    const tree = { 'file:///srv/opt/docker.json': '{ "debug": true }', 'file:///srv/etc/docker/daemon.json': '{}' };
    assert.equal(conflicts(DROP_IN, '[Service]\nExecStart=/usr/bin/dockerd --config-file /opt/docker.json -D\n', tree).length, 1);
  });

  it('is silent without a daemon.json, without a shared setting, and for runtimes (merged)', () => {
    assert.equal(conflicts(DROP_IN, '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n', {}).length, 0);
    assert.equal(conflicts(DROP_IN, '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n', { 'file:///srv/etc/docker/daemon.json': '{ "debug": true }' }).length, 0);
    assert.equal(conflicts(DROP_IN, '[Service]\nExecStart=/usr/bin/dockerd --add-runtime x=/bin/x\n', { 'file:///srv/etc/docker/daemon.json': '{ "runtimes": {} }' }).length, 0);
  });

  it('lets daemon.json settings count for the unit: userns-remap and tlsverify', () => {
    const workspace = memoryWorkspace({ 'file:///srv/etc/docker/daemon.json': '{ "userns-remap": "default", "tlsverify": true }' });
    const found = lint({ uri: DROP_IN, text: '[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2376\n' }, { workspace }).findings;
    assert.deepEqual(found.map((f) => f.ruleId), []);
  });
});
