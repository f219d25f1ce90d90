import * as assert from 'node:assert/strict';
import { parseCompose } from '../../rules/model/compose';
import { composeRuntimes } from '../../rules/model/compose-runtime';
import type { Range } from '../../rules/types';

/** A range as `line:col-line:col`, 1-based as an editor shows it. */
const at = (range: Range | undefined) => range && `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;

const web = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

function runtimeOf(text: string) {
  const model = parseCompose(text);
  return { model, runtime: composeRuntimes(model)[0] };
}

describe('compose-runtime: each service as the container it starts', () => {
  it('one container per service, labelled and anchored at the service key', () => {
    const model = parseCompose('services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres:16\n');
    const runtimes = composeRuntimes(model);
    assert.deepEqual(runtimes.map((r) => [r.frontDoor, r.label, at(r.anchor), r.incomplete]), [
      ['compose', 'Service "web"', '2:3-2:6', false],
      ['compose', 'Service "db"', '4:3-4:5', false],
    ]);
    assert.equal(composeRuntimes(model), runtimes, 'read once per model');
  });

  it('reads the settings where the rules anchor them: keys, list items, as written', () => {
    const { runtime } = runtimeOf(
      web('    privileged: "yes"\n    cap_add: [SYS_ADMIN, " net_admin "]\n    security_opt:\n      - seccomp:unconfined\n    network_mode: HOST\n    user: "0"\n    read_only: false\n    mem_limit: 0\n    deploy: {resources: {limits: {memory: 512m}}}\n'),
    );
    assert.deepEqual(runtime.privileged.map((s) => [s.value, at(s.range), s.written]), [[true, '4:5-4:15', 'privileged: true']]);
    assert.deepEqual(runtime.capAdd.map((s) => [s.value, at(s.range)]), [['SYS_ADMIN', '5:15-5:24'], ['net_admin', '5:26-5:39']]);
    assert.deepEqual(runtime.securityOpt.map((s) => s.value), ['seccomp:unconfined']);
    assert.deepEqual(runtime.namespaces.map((s) => [s.value, s.written, at(s.range)]), [[{ kind: 'network', mode: 'HOST', writtenAs: 'network_mode' }, 'network_mode: host', '8:5-8:17']]);
    assert.deepEqual([runtime.user?.value, runtime.user?.written, at(runtime.user?.range)], ['0', 'user: 0', '9:11-9:14']);
    assert.equal(runtime.readOnlyRootFilesystem?.value, false);
    // A limit that sets one wins over one that means none.
    assert.equal(runtime.memoryLimit?.value, '512m');
    assert.equal(runtime.image?.value, 'nginx:1.27');
  });

  it('a service that builds runs the image it builds: its image name is not the image', () => {
    const { runtime } = runtimeOf('services:\n  app:\n    build: .\n    image: node:20\n');
    assert.equal(runtime.image, undefined);
  });

  it('a value a variable without a value hides is left out, and named unresolved', () => {
    const { runtime } = runtimeOf(web('    privileged: ${PRIV}\n    cap_drop: ["${DROP}"]\n    user: ${RUN_AS}\n'));
    assert.deepEqual([runtime.privileged, runtime.capDrop, runtime.user], [[], [], undefined]);
    assert.equal(runtime.incomplete, true);
    assert.deepEqual([...(runtime.unresolved ?? [])].sort(), ['capDrop', 'privileged', 'user']);
  });

  it('an item that is no scalar is no setting, and hides none', () => {
    const { runtime } = runtimeOf(web('    cap_drop: [[ALL], NET_RAW]\n'));
    assert.deepEqual(runtime.capDrop.map((s) => s.value), ['NET_RAW']);
    assert.equal(runtime.incomplete, false);
  });

  it('an unreadable extends leaves unknown every setting the service does not write itself', () => {
    const { runtime } = runtimeOf('services:\n  web:\n    extends:\n      file: common.yaml\n      service: web\n    cap_drop: [ALL]\n');
    assert.equal(runtime.incomplete, true);
    assert.ok(runtime.unresolved?.includes('securityOpt'));
    assert.ok(!runtime.unresolved?.includes('capDrop'));
  });

  it('an inherited variable is the service that writes it', () => {
    const { model } = runtimeOf('services:\n  base:\n    image: nginx:1.27\n    environment: {A: "1"}\n  web:\n    extends: base\n    environment: {B: "2"}\n');
    assert.deepEqual(composeRuntimes(model).map((r) => r.environment.map((s) => s.value.name)), [['A'], ['B']]);
  });

  it('the edits are the Compose fixes: remove an item, make a mount read-only, bind a port to 127.0.0.1, add a missing key', () => {
    const text = web('    cap_add: [SYS_ADMIN]\n    volumes: ["/etc:/etc"]\n    ports: ["8080:80"]\n');
    const { runtime } = runtimeOf(text);
    assert.equal(runtime.capAdd[0].edits?.removeTitle, 'Remove SYS_ADMIN from cap_add');
    assert.ok(runtime.capAdd[0].edits?.remove?.());
    assert.deepEqual(runtime.mounts[0].edits?.readOnly?.()?.map((edit) => edit.newText), ['/etc:/etc:ro']);
    assert.deepEqual(runtime.ports[0].edits?.toLoopback?.()?.map((edit) => edit.newText), ['127.0.0.1:8080:80']);
    const lacking = runtime.lacking?.('capDrop');
    assert.equal(at(lacking?.range), '2:3-2:6');
    assert.match(lacking?.add?.()?.[0].newText ?? '', /cap_drop: \[ALL\]/);
    assert.equal(runtime.lacking?.('memoryLimit').add, undefined);
  });
});
