import * as assert from 'node:assert/strict';
import { OffsetMap } from '../../rules/model/offset-map';
import { runContainer, parseMountFlag, type ContainerEngine, type RunWord } from '../../rules/model/run-flags';
import { runWordOf } from '../../rules/model/run-lines';
import { parseShell } from '../../rules/model/shell-syntax';
import { LineIndex } from '../../rules/text';
import type { Range, TextEdit } from '../../rules/types';

/** A range as `line:col-line:col`, 1-based as an editor shows it. */
const at = (range: Range | undefined) => range && `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;

/** The container of the first `<engine> run|create` command of a shell text, its words as the shell splits them. */
function container(text: string, engine: ContainerEngine = 'docker', options: { flagsOnly?: boolean } = {}) {
  const parsed = parseShell(text, new OffsetMap());
  const lines = new LineIndex(text);
  const command = parsed.commands.find((c) => c.kind === 'simple' && c.words.length > 0)!;
  const verb = options.flagsOnly ? -1 : command.words.findIndex((w) => w.value === 'run' || w.value === 'create');
  const shellWords = command.words.slice(verb + 1);
  const words: RunWord[] = shellWords.map(runWordOf);
  const edit = (start: number, end: number, newText: string): TextEdit[] => [{ range: lines.range(start, end), newText }];
  return runContainer({
    engine,
    words,
    lines,
    anchor: lines.range(0, 0),
    label: `This ${engine} run`,
    flagsOnly: options.flagsOnly,
    edits: {
      removeWords: (first, last) => edit(words[first - 1]?.end ?? words[first].start, words[last].end, ''),
      replaceWord: (index, newText) => edit(words[index].start, words[index].end, newText),
    },
  });
}

/** Applies edits to a text (non-overlapping, any order). */
function applied(text: string, edits: TextEdit[] | undefined): string {
  const lines = new LineIndex(text);
  const sorted = [...(edits ?? [])].sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start));
  let result = text;
  for (const e of sorted) result = result.slice(0, lines.offsetAt(e.range.start)) + e.newText + result.slice(lines.offsetAt(e.range.end));
  return result;
}

describe('run-flags model', () => {
  it('reads the image after the flags, whichever take a value', () => {
    const c = container('docker run -d --name web -p 8080:80 -e A=1 --restart always nginx:1.27 nginx -g "daemon off;"');
    assert.equal(c.image?.value, 'nginx:1.27');
    assert.equal(at(c.image?.range), '1:61-1:71');
    assert.equal(c.incomplete, false);
    assert.equal(c.frontDoor, 'run');
    assert.equal(c.label, 'This docker run');
  });

  it('reads combined short flags: a flag that takes a value ends the group', () => {
    const c = container('docker run -itd -dp 127.0.0.1:80:80 -p9000:9000 -p=9001:9001 -eFOO=bar alpine sh');
    assert.equal(c.image?.value, 'alpine');
    assert.deepEqual(c.ports.map((p) => [p.value.hostIp, p.value.published, p.value.target, at(p.range)]), [
      [ '127.0.0.1', '80', '80', '1:19-1:36' ],
      [ undefined, '9000', '9000', '1:37-1:48' ],
      [ undefined, '9001', '9001', '1:49-1:61' ],
    ]);
    assert.deepEqual(c.environment.map((e) => [e.value.name, e.value.value]), [['FOO', 'bar']]);
  });

  it('takes the word after `--` as the image, and never reads the command as flags', () => {
    const c = container('docker run --rm -- busybox --privileged -v /:/host');
    assert.equal(c.image?.value, 'busybox');
    assert.deepEqual(c.privileged, []);
    assert.deepEqual(c.mounts, []);
  });

  it('reads --privileged and --privileged=true|false', () => {
    const c = container('docker run --privileged --privileged=false --privileged=TRUE alpine');
    assert.deepEqual(c.privileged.map((p) => [p.value, at(p.range)]), [
      [true, '1:12-1:24'],
      [false, '1:25-1:43'],
      [true, '1:44-1:61'],
    ]);
  });

  it('reads capabilities, security options and namespaces with the flag as written', () => {
    const c = container(
      'podman run --cap-add=SYS_ADMIN,NET_ADMIN --cap-drop ALL --security-opt seccomp=unconfined --security-opt=label=disable --net=host --pid host --ipc=host --uts host --userns=host --cgroupns host fedora',
      'podman',
    );
    assert.deepEqual(c.capAdd.map((s) => s.value), ['SYS_ADMIN', 'NET_ADMIN']);
    assert.deepEqual(c.capDrop.map((s) => [s.value, at(s.range)]), [['ALL', '1:42-1:56']]);
    assert.deepEqual(c.securityOpt.map((s) => s.value), ['seccomp=unconfined', 'label=disable']);
    assert.deepEqual(c.namespaces.map((s) => [s.value.kind, s.value.mode, s.value.writtenAs]), [
      ['network', 'host', '--net'],
      ['pid', 'host', '--pid'],
      ['ipc', 'host', '--ipc'],
      ['uts', 'host', '--uts'],
      ['userns', 'host', '--userns'],
      ['cgroup', 'host', '--cgroupns'],
    ]);
  });

  it('takes Docker capability lists whole and splits Podman ones on commas', () => {
    assert.deepEqual(container('docker run --cap-add SYS_ADMIN,NET_ADMIN alpine').capAdd.map((s) => s.value), ['SYS_ADMIN,NET_ADMIN']);
    assert.deepEqual(container('podman run --cap-add SYS_ADMIN,NET_ADMIN alpine', 'podman').capAdd.map((s) => s.value), ['SYS_ADMIN', 'NET_ADMIN']);
  });

  it('reads -v with the Compose short syntax, and --mount with its fields and aliases', () => {
    const c = container(
      'docker run -v /var/run/docker.sock:/var/run/docker.sock -v data:/data:ro --volume=/:/host:rshared --mount type=bind,src=/etc,dst=/host/etc,readonly --mount "type=bind,source=/sys,target=/sys,bind-propagation=rslave,readonly=false" --mount type=volume,target=/cache alpine',
    );
    assert.deepEqual(
      c.mounts.map((m) => [m.value.syntax, m.value.type, m.value.source, m.value.target, m.value.readOnly, m.value.propagation, at(m.range)]),
      [
        ['short', 'bind', '/var/run/docker.sock', '/var/run/docker.sock', false, undefined, '1:12-1:56'],
        ['short', 'volume', 'data', '/data', true, undefined, '1:57-1:73'],
        ['short', 'bind', '/', '/host', false, 'rshared', '1:74-1:98'],
        ['long', 'bind', '/etc', '/host/etc', true, undefined, '1:99-1:148'],
        ['long', 'bind', '/sys', '/sys', false, 'rslave', '1:149-1:231'],
        ['long', 'volume', undefined, '/cache', false, undefined, '1:232-1:265'],
      ],
    );
  });

  it('reads --tmpfs, --device, --user, --read-only and the limits', () => {
    const c = container('docker run --tmpfs /run:rw,noexec --device /dev/kvm --device=/dev/fuse:/dev/fuse:rwm -u 1000:1000 --read-only -m 512m --cpus 1.5 --pids-limit=100 alpine');
    assert.deepEqual(c.tmpfs.map((t) => [t.value.target, t.value.options]), [['/run', ['rw', 'noexec']]]);
    assert.deepEqual(c.devices.map((d) => [d.value.host, d.value.container, d.value.permissions]), [
      ['/dev/kvm', undefined, undefined],
      ['/dev/fuse', '/dev/fuse', 'rwm'],
    ]);
    assert.equal(c.user?.value, '1000:1000');
    assert.equal(at(c.user?.range), '1:86-1:98');
    assert.equal(c.readOnlyRootFilesystem?.value, true);
    assert.deepEqual([c.memoryLimit?.value, c.cpuLimit?.value, c.pidsLimit?.value], ['512m', '1.5', '100']);
  });

  it('reads -e NAME=value as a literal, with the offsets of its value, and -e NAME as the host value', () => {
    const text = 'docker run -e TOKEN=abc123 --env "PASS=s e" -e HOME --env=X=1 alpine';
    const c = container(text);
    assert.deepEqual(c.environment.map((e) => [e.value.name, e.value.value, e.value.valueOffsets && text.slice(...e.value.valueOffsets)]), [
      ['TOKEN', 'abc123', 'abc123'],
      ['PASS', 's e', 's e'],
      ['HOME', undefined, undefined],
      ['X', '1', '1'],
    ]);
  });

  it('edits: fromHostEnvironment keeps the name only, remove takes the flag with its value, readOnly adds ro', () => {
    const text = 'docker run -e TOKEN=abc123 --env=KEY=v --privileged -v /etc:/etc -v /srv:/srv:z alpine';
    const c = container(text);
    assert.equal(applied(text, c.environment[0].edits?.fromHostEnvironment?.()), 'docker run -e TOKEN --env=KEY=v --privileged -v /etc:/etc -v /srv:/srv:z alpine');
    assert.equal(applied(text, c.environment[1].edits?.fromHostEnvironment?.()), 'docker run -e TOKEN=abc123 --env=KEY --privileged -v /etc:/etc -v /srv:/srv:z alpine');
    assert.equal(applied(text, c.privileged[0].edits?.remove?.()), 'docker run -e TOKEN=abc123 --env=KEY=v -v /etc:/etc -v /srv:/srv:z alpine');
    assert.equal(applied(text, c.mounts[0].edits?.remove?.()), 'docker run -e TOKEN=abc123 --env=KEY=v --privileged -v /srv:/srv:z alpine');
    assert.equal(applied(text, c.mounts[0].edits?.readOnly?.()), 'docker run -e TOKEN=abc123 --env=KEY=v --privileged -v /etc:/etc:ro -v /srv:/srv:z alpine');
    assert.equal(applied(text, c.mounts[1].edits?.readOnly?.()), 'docker run -e TOKEN=abc123 --env=KEY=v --privileged -v /etc:/etc -v /srv:/srv:ro,z alpine');
  });

  it('offers no edit for a flag inside a group of short flags', () => {
    const c = container('docker run -itv /etc:/etc alpine');
    assert.equal(c.mounts.length, 1);
    assert.equal(c.mounts[0].edits, undefined);
  });

  it('anchors a flag inside a group on its letter through its value', () => {
    const c = container('docker run -itp 80:80 alpine');
    assert.equal(at(c.ports[0].range), '1:15-1:22');
  });

  it('follows flags and values across line continuations', () => {
    const c = container('docker run \\\n  --privileged \\\n  -v \\\n    /:/host \\\n  alpine');
    assert.equal(at(c.privileged[0].range), '2:3-2:15');
    assert.equal(at(c.mounts[0].range), '3:3-4:12');
    assert.equal(c.image?.value, 'alpine');
  });

  it('leaves out a setting whose value is a variable, and marks the container incomplete', () => {
    const c = container('docker run --network=$NET -v "$PWD:/src" --cap-add "$(cat caps)" alpine');
    assert.deepEqual([c.namespaces, c.mounts, c.capAdd], [[], [], []]);
    assert.equal(c.incomplete, true);
    assert.equal(c.image?.value, 'alpine');
  });

  it('is not incomplete for a variable in a flag no setting comes from', () => {
    const c = container('docker run --name "$NAME" -w "$PWD" --privileged alpine');
    assert.equal(c.incomplete, false);
    assert.equal(c.privileged.length, 1);
  });

  it('marks a variable as the flag list incomplete and goes on reading the flags after it', () => {
    const c = container('docker run $DOCKER_OPTS --privileged alpine');
    assert.equal(c.incomplete, true);
    assert.equal(c.privileged.length, 1);
    assert.equal(c.image?.value, 'alpine');
  });

  it('takes a word the shell does not split as the image, whatever follows', () => {
    const c = container('docker run -d "docker:${VERSION}-dind" --feature containerd-snapshotter');
    // The name is known, the tag is not.
    assert.deepEqual(c.image, { value: 'docker:${VERSION}-dind', range: { start: { line: 0, character: 14 }, end: { line: 0, character: 38 } } });
    assert.equal(c.incomplete, true);
    assert.deepEqual(c.unresolved, ['image']);
    const quoted = container('docker run --rm "$IMAGE" --privileged');
    assert.deepEqual(quoted.privileged, []);
  });

  it('takes a variable followed by a non-flag word as the image, unknown', () => {
    const c = container('docker run --rm "$IMAGE" sh -c "run --privileged"');
    assert.equal(c.image, undefined);
    assert.equal(c.incomplete, true);
    assert.deepEqual(c.privileged, []);
  });

  it('marks an unknown flag incomplete (whether it takes a value is not known) and reads on', () => {
    const c = container('docker run --frobnicate --privileged alpine');
    assert.equal(c.incomplete, true);
    assert.equal(c.privileged.length, 1);
    assert.equal(c.image?.value, 'alpine');
  });

  it('reads Podman-only flags with their values, booleans without', () => {
    const c = container('podman run --pod mypod --systemd always --tls-verify --replace --userns keep-id --secret s,type=env fedora', 'podman');
    assert.equal(c.image?.value, 'fedora');
    assert.deepEqual(c.namespaces.map((n) => n.value.mode), ['keep-id']);
  });

  it('reads a job\'s options: flags only, the image given apart', () => {
    const c = container('--cpus 1 --privileged -v /var/run/docker.sock:/var/run/docker.sock', 'docker', { flagsOnly: true });
    assert.equal(c.image, undefined);
    assert.equal(c.privileged.length, 1);
    assert.equal(c.mounts.length, 1);
  });

  it('names the purpose of the binfmt registration images', () => {
    assert.match(container('docker run --privileged --rm tonistiigi/binfmt --install all').knownPurpose ?? '', /binfmt_misc.*tonistiigi\/binfmt/);
    assert.match(container('docker run --rm --privileged docker.io/multiarch/qemu-user-static:latest --reset -p yes').knownPurpose ?? '', /multiarch\/qemu-user-static/);
    assert.match(container('docker run --privileged --rm docker/binfmt:a7996909642ee92942dcd6cff44b9b95f08dad64').knownPurpose ?? '', /docker\/binfmt/);
    assert.equal(container('docker run --privileged --rm alpine').knownPurpose, undefined);
    assert.equal(container('docker run --privileged --rm example.com/tonistiigi/binfmt').knownPurpose, undefined);
    // A variable in the tag hides the version, not what the image is; one in the name hides both.
    assert.match(container('docker run --privileged --rm "tonistiigi/binfmt:${BINFMT_VERSION}" --install all').knownPurpose ?? '', /tonistiigi\/binfmt/);
    assert.match(container('docker run --privileged --rm multiarch/qemu-user-static:$TAG --reset -p yes').knownPurpose ?? '', /qemu-user-static/);
    assert.equal(container('docker run --privileged --rm "${REGISTRY}/tonistiigi/binfmt:latest"').knownPurpose, undefined);
    assert.equal(container('docker run --privileged --rm "$IMAGE"').image, undefined);
  });

  it('parses --mount fields', () => {
    assert.deepEqual(parseMountFlag('type=tmpfs,destination=/run,tmpfs-size=64m'), {
      syntax: 'long', type: 'tmpfs', source: undefined, target: '/run', readOnly: false, propagation: undefined, options: [],
    });
    assert.equal(parseMountFlag('type=bind,src=/a,dst=/b,ro=1')?.readOnly, true);
    assert.equal(parseMountFlag('type=weird,src=/a,dst=/b')?.type, undefined);
  });
});
