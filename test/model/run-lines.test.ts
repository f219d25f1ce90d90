import * as assert from 'node:assert/strict';
import { parseRunLines } from '../../rules/model/run-lines';
import type { ContainerRuntime } from '../../rules/model/runtime';
import { LineIndex } from '../../rules/text';
import type { Range } from '../../rules/types';

/** The text a range covers. */
function textAt(text: string, range: Range | undefined): string | undefined {
  if (!range) return undefined;
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

function containers(kind: 'shell' | 'ci', text: string, uri = kind === 'shell' ? 'run.sh' : '.github/workflows/ci.yml'): ContainerRuntime[] {
  const model = parseRunLines(kind, text, uri);
  assert.deepEqual(model.syntaxProblems, []);
  return model.containers;
}

/** The written text of each privileged, namespace and mount setting, and the image, of each container. */
function summary(text: string, found: ContainerRuntime[]) {
  return found.map((c) => ({
    label: c.label,
    anchor: textAt(text, c.anchor),
    image: c.image?.value,
    incomplete: c.incomplete,
    privileged: c.privileged.map((s) => textAt(text, s.range)),
    namespaces: c.namespaces.map((s) => textAt(text, s.range)),
    mounts: c.mounts.map((s) => textAt(text, s.range)),
  }));
}

describe('run-lines model', () => {
  describe('shell scripts', () => {
    it('finds run and create lines through wrappers, global options, pipelines, lists and substitutions', () => {
      const text = [
        '#!/bin/sh',
        'set -e',
        'sudo -E docker -H unix:///var/run/docker.sock run --privileged alpine true && echo ok',
        'id=$(podman container create --pid=host fedora)',
        'docker build -t x . | tee log; docker exec --privileged web sh',
        'time docker --log-level=debug create -v /:/host busybox',
        'if true; then docker run --net host nginx; fi',
      ].join('\n');
      assert.deepEqual(summary(text, containers('shell', text)), [
        { label: 'This docker run', anchor: 'docker -H unix:///var/run/docker.sock run', image: 'alpine', incomplete: false, privileged: ['--privileged'], namespaces: [], mounts: [] },
        { label: 'This podman create', anchor: 'podman container create', image: 'fedora', incomplete: false, privileged: [], namespaces: ['--pid=host'], mounts: [] },
        { label: 'This docker create', anchor: 'docker --log-level=debug create', image: 'busybox', incomplete: false, privileged: [], namespaces: [], mounts: ['-v /:/host'] },
        { label: 'This docker run', anchor: 'docker run', image: 'nginx', incomplete: false, privileged: [], namespaces: ['--net host'], mounts: [] },
      ]);
    });

    it('follows line continuations and quotes to where each flag is written', () => {
      const text = 'docker run \\\n  --privileged \\\n  -v "/var/run/docker.sock:/var/run/docker.sock" \\\n  alpine:3.20\n';
      const [c] = containers('shell', text);
      assert.deepEqual(summary(text, [c])[0].privileged, ['--privileged']);
      assert.deepEqual(c.privileged[0].range, { start: { line: 1, character: 2 }, end: { line: 1, character: 14 } });
      assert.equal(textAt(text, c.mounts[0].range), '-v "/var/run/docker.sock:/var/run/docker.sock"');
      assert.equal(c.image?.value, 'alpine:3.20');
    });

    it('reads an engine held in a variable every assignment of which names docker or podman', () => {
      const text = 'DOCKER=${DOCKER:-docker}\nif ! $DOCKER ps; then DOCKER="sudo ${DOCKER}"; fi\n${DOCKER} run --privileged img\nOTHER=$(which x)\n$OTHER run --privileged img\n';
      assert.deepEqual(summary(text, containers('shell', text)).map((c) => [c.anchor, c.privileged]), [['${DOCKER} run', ['--privileged']]]);
    });

    it('reads command lines kept in strings, mapped to where each flag is written', () => {
      const text = [
        'CMD="docker run --privileged x"',
        "export MCP_CMD='docker run -i --rm --network host -v /var/run/docker.sock:/var/run/docker.sock img'",
        'f() { local c="podman run --pid=host y"; }',
        'eval "docker run -v \\"$PWD:/src\\" --ipc=host \\$IMG"',
        "sh -c 'docker run --privileged z'",
        'bash -c "sudo docker run --uts=host w"',
        'ssh host "docker container create --net=host v"',
        'DOCKER=${DOCKER:-docker}',
        'RUN="$DOCKER run --cgroupns=host u"',
        'LATER="$OTHER run --pid=host t"',
      ].join('\n');
      assert.deepEqual(summary(text, containers('shell', text)).map((c) => [c.anchor, c.image, c.incomplete, c.privileged, c.namespaces, c.mounts]), [
        ['docker run', 'x', false, ['--privileged'], [], []],
        ['docker run', 'img', false, [], ['--network host'], ['-v /var/run/docker.sock:/var/run/docker.sock']],
        ['podman run', 'y', false, [], ['--pid=host'], []],
        ['docker run', undefined, true, [], ['--ipc=host'], []],
        ['docker run', 'z', false, ['--privileged'], [], []],
        ['docker run', 'w', false, [], ['--uts=host'], []],
        ['docker container create', 'v', false, [], ['--net=host'], []],
        ['$DOCKER run', 'u', false, [], ['--cgroupns=host'], []],
      ]);
      const [first] = containers('shell', text);
      assert.deepEqual(first.privileged[0].range, { start: { line: 0, character: 16 }, end: { line: 0, character: 28 } });
    });

    it('reads no command line that is printed, searched for, told of, run in a container or commented out', () => {
      const text = 'echo "docker run --privileged x"\nprintf \'%s\\n\' "docker run --privileged x"\ngrep -q "docker run" log\n'
        + 'docker run --rm alpine sh -c "docker run --privileged x"\n# docker run --privileged x\nMSG="docker is running"\nERR="docker run failed"\n';
      assert.deepEqual(summary(text, containers('shell', text)).map((c) => [c.image, c.privileged]), [['alpine', []]]);
    });

    it('resolves variables the script assigns literally once, at its top level, before the run line', () => {
      const text = [
        'FLAGS="--privileged -v /dev:/dev"',
        'SOCK=/var/run/docker.sock',
        'docker run $FLAGS -v $SOCK:$SOCK -v "${SOCK}:/s" img',
        'docker run -v $HOME/.ssh:/root/.ssh --volume=${HOME}/.aws:/a -v ~/.kube:/k home',
      ].join('\n');
      const [flags, home] = containers('shell', text);
      assert.deepEqual(summary(text, [flags])[0], {
        label: 'This docker run', anchor: 'docker run', image: 'img', incomplete: false, privileged: ['$FLAGS'], namespaces: [],
        mounts: ['$FLAGS', '-v $SOCK:$SOCK', '-v "${SOCK}:/s"'],
      });
      assert.deepEqual(flags.mounts.map((m) => [m.value.source, m.value.target]), [['/dev', '/dev'], ['/var/run/docker.sock', '/var/run/docker.sock'], ['/var/run/docker.sock', '/s']]);
      // Words made of a variable's value are written elsewhere: no fix edits them.
      assert.equal(flags.privileged[0].edits?.remove?.(), undefined);
      assert.deepEqual(home.mounts.map((m) => m.value.source), ['~/.ssh', '~/.aws', '~/.kube']);
      assert.equal(home.incomplete, false);
    });

    it('resolves the script\'s variables in a command line kept in a string', () => {
      const text = 'SOCK=/var/run/docker.sock\nCMD="docker run -v $SOCK:$SOCK img"\nX=1\nsh -c \'X=2; docker run -v $X:/x img\'\n';
      const [cmd, shell] = containers('shell', text);
      assert.deepEqual(cmd.mounts.map((m) => [textAt(text, m.range), m.value.source]), [['-v $SOCK:$SOCK', '/var/run/docker.sock']]);
      assert.deepEqual([shell.mounts, shell.incomplete], [[], true]);
    });

    it('leaves unknown a variable assigned twice, conditionally, in a function, from a command or after its use, and a HOME the script sets', () => {
      const text = [
        'while getopts "r" o; do case $o in r) REALTIME="--privileged";; esac; done',
        'if [ -n "$CI" ]; then NET=host; fi',
        'X=/etc',
        'X=/var',
        'f() { P=--privileged; }',
        'OUT=$(cat flags)',
        '[ -e /dev/kvm ] && DEV=/dev/kvm',
        'for D in /dev; do :; done',
        'HOME=$(mktemp -d)',
        'docker run $REALTIME --network $NET -v $X:/x $P --device $DEV $OUT -v $D:/d -v $LATE:/l -v $HOME/.ssh:/s img',
        'LATE=/etc',
      ].join('\n');
      const [c] = containers('shell', text);
      assert.deepEqual(summary(text, [c])[0], {
        label: 'This docker run', anchor: 'docker run', image: 'img', incomplete: true, privileged: [], namespaces: [], mounts: [],
      });
    });

    it('covers a run line\'s continuation lines with the statement of its first line', () => {
      const model = parseRunLines('shell', 'echo hi\ndocker run \\\n  --privileged \\\n  alpine\n', 'run.sh');
      assert.equal(model.statementEnd?.(1), 3);
      assert.equal(model.statementStart?.(2), 1);
      assert.equal(model.statementStart?.(0), 0);
    });
  });

  describe('Makefiles', () => {
    it('reads recipe lines as make hands them to the shell: prefixes, continuations, $$, literal variables', () => {
      const text = [
        'IMAGE := alpine:3.20',
        'FLAGS = $(shell cat flags)',
        'NET ?= host',
        '',
        '.PHONY: run',
        'run: build',
        '\t@docker run --rm \\',
        '\t\t--net $(NET) \\',
        '\t\t-v $$PWD:/src \\',
        '\t\t--privileged $(IMAGE) sh',
        '\t-docker run $(FLAGS) --pid=host ${IMAGE}',
        'ifeq ($(CI),true)',
        '\tdocker run --ipc=host $(IMAGE)',
        'endif',
        'VAR = docker run --privileged x',
      ].join('\n');
      const found = containers('shell', text, 'Makefile');
      assert.deepEqual(summary(text, found), [
        { label: 'This docker run', anchor: 'docker run', image: 'alpine:3.20', incomplete: true, privileged: ['--privileged'], namespaces: ['--net $(NET)'], mounts: [] },
        { label: 'This docker run', anchor: 'docker run', image: 'alpine:3.20', incomplete: true, privileged: [], namespaces: ['--pid=host'], mounts: [] },
        { label: 'This docker run', anchor: 'docker run', image: 'alpine:3.20', incomplete: false, privileged: [], namespaces: ['--ipc=host'], mounts: [] },
      ]);
      assert.equal(found[0].namespaces[0].value.mode, 'host');
    });

    it('leaves a variable defined twice, appended to or computed unknown', () => {
      const text = 'A = host\nA = bridge\nB := x\nB += y\nC != echo host\nt:\n\tdocker run --net $(A) --pid $(B) --ipc $(C) img\n';
      const [c] = containers('shell', text, 'GNUmakefile');
      assert.deepEqual(c.namespaces, []);
      assert.equal(c.incomplete, true);
    });
  });

  describe('GitHub Actions', () => {
    it('maps a literal block scalar back to the file, continuations included', () => {
      const text = [
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: |',
        '          echo start',
        '          docker run --rm \\',
        '            --privileged \\',
        '            -v /:/host:ro \\',
        '            ${{ env.IMAGE }}',
        '      - run: docker run --pid=host alpine',
        '      - run: >-',
        '          docker run',
        '          --ipc=host',
        '          alpine',
        '      - shell: pwsh',
        '        run: docker run --privileged alpine',
      ].join('\n');
      const found = containers('ci', text);
      assert.deepEqual(summary(text, found), [
        { label: 'This docker run', anchor: 'docker run', image: undefined, incomplete: true, privileged: ['--privileged'], namespaces: [], mounts: ['-v /:/host:ro'] },
        { label: 'This docker run', anchor: 'docker run', image: 'alpine', incomplete: false, privileged: [], namespaces: ['--pid=host'], mounts: [] },
        { label: 'This docker run', anchor: 'docker run', image: 'alpine', incomplete: false, privileged: [], namespaces: ['--ipc=host'], mounts: [] },
      ]);
      assert.deepEqual(found[0].privileged[0].range, { start: { line: 8, character: 12 }, end: { line: 8, character: 24 } });
    });

    it('maps quoted scalars, their escapes and folding back to the file', () => {
      const text = 'jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "docker run -e \\"A=1\\" --net=host\n          alpine"\n      - run: \'docker run -e \'\'A=1\'\' --pid=host \'\'alpine\'\'\'\n';
      const found = containers('ci', text);
      assert.deepEqual(summary(text, found).map((c) => [c.namespaces, c.image]), [
        [['--net=host'], 'alpine'],
        [['--pid=host'], 'alpine'],
      ]);
      // An escaped character sits at its escape's first character.
      assert.equal(textAt(text, found[0].environment[0].range)?.startsWith('-e \\"A=1'), true);
      assert.equal(textAt(text, found[1].environment[0].range)?.startsWith("-e ''A=1"), true);
    });

    it('skips steps run by another shell, and those of Windows runners unless they name bash', () => {
      const text = 'jobs:\n  w:\n    runs-on: windows-latest\n    steps:\n      - run: docker run --privileged a\n      - shell: bash\n        run: docker run --pid=host a\n  p:\n    runs-on: ubuntu-latest\n    defaults:\n      run:\n        shell: python\n    steps:\n      - run: docker run --privileged a\n';
      assert.deepEqual(summary(text, containers('ci', text)).map((c) => c.namespaces), [['--pid=host']]);
    });

    it('reads a job container and its services from image, options, env, volumes and ports', () => {
      const text = [
        'jobs:',
        '  test:',
        '    runs-on: ubuntu-latest',
        '    container:',
        '      image: node:20',
        '      options: --privileged --cpus 1 --network host',
        '      env:',
        '        NODE_ENV: test',
        '        TOKEN: ${{ secrets.TOKEN }}',
        '      volumes:',
        '        - /var/run/docker.sock:/var/run/docker.sock',
        '      credentials:',
        '        username: u',
        '    services:',
        '      db:',
        '        image: postgres:16',
        '        ports: ["5432:5432"]',
        '      cache: redis:7',
      ].join('\n');
      const found = containers('ci', text);
      assert.deepEqual(summary(text, found), [
        { label: 'Job "test" container', anchor: 'container', image: 'node:20', incomplete: false, privileged: ['--privileged'], namespaces: ['--network host'], mounts: ['/var/run/docker.sock:/var/run/docker.sock'] },
        { label: 'Service "db" of job "test"', anchor: 'db', image: 'postgres:16', incomplete: false, privileged: [], namespaces: [], mounts: [] },
        { label: 'Service "cache" of job "test"', anchor: 'cache', image: 'redis:7', incomplete: false, privileged: [], namespaces: [], mounts: [] },
      ]);
      assert.deepEqual(found[0].environment.map((e) => [e.value.name, e.value.value, e.value.valueOffsets && text.slice(...e.value.valueOffsets)]), [
        ['NODE_ENV', 'test', 'test'],
        ['TOKEN', undefined, undefined],
      ]);
      assert.deepEqual(found[1].ports.map((p) => [p.value.published, textAt(text, p.range)]), [['5432', '"5432:5432"']]);
    });

    it('reads the container of an addnab/docker-run-action step', () => {
      const text = 'jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - name: In a container\n        uses: addnab/docker-run-action@v3\n        with:\n          image: fedora:41\n          options: --privileged -v ${{ github.workspace }}:/src\n          run: make\n';
      const found = containers('ci', text);
      assert.deepEqual(summary(text, found), [{ label: 'Step "In a container"', anchor: 'with', image: 'fedora:41', incomplete: true, privileged: ['--privileged'], namespaces: [], mounts: [] }]);
    });

    it('reads a composite action\'s steps', () => {
      const text = 'name: x\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: docker run --privileged --rm tonistiigi/binfmt --install all\n';
      const [c] = containers('ci', text, 'action.yml');
      assert.equal(c.privileged.length, 1);
      assert.match(c.knownPurpose ?? '', /binfmt/);
    });
  });

  describe('GitLab CI', () => {
    it('reads scripts (strings, lists, nested lists through aliases) and services with the variables they see', () => {
      const text = [
        'variables:',
        '  DOCKER_TLS_CERTDIR: ""',
        '  DOCKER_HOST: tcp://docker:2375',
        '.setup: &setup',
        '  - docker run --pid=host alpine',
        'default:',
        '  before_script: docker run --ipc=host alpine',
        'build:',
        '  image: docker:27',
        '  services:',
        '    - docker:27-dind',
        '    - name: postgres:16',
        '      alias: db',
        '      variables:',
        '        POSTGRES_DB: app',
        '  script:',
        '    - *setup',
        '    - |',
        '      docker run \\',
        '        --privileged alpine',
        'other:',
        '  script:',
        '    - *setup',
      ].join('\n');
      const found = containers('ci', text, '.gitlab-ci.yml');
      // The aliased script is read once, where it is written.
      assert.deepEqual(summary(text, found).map((c) => [c.label, c.anchor, c.image, c.privileged, c.namespaces]), [
        ['This docker run', 'docker run', 'alpine', [], ['--pid=host']],
        ['This docker run', 'docker run', 'alpine', [], ['--ipc=host']],
        ['Service "docker:27-dind" of job "build"', 'docker:27-dind', 'docker:27-dind', [], []],
        ['Service "postgres:16" of job "build"', 'name: postgres:16\n      alias: db\n      variables:\n        POSTGRES_DB: app', 'postgres:16', [], []],
        ['This docker run', 'docker run', 'alpine', ['--privileged'], []],
      ]);
      assert.deepEqual(found[2].environment.map((e) => [e.value.name, e.value.value, textAt(text, e.range)]), [
        ['DOCKER_TLS_CERTDIR', '', 'DOCKER_TLS_CERTDIR: ""'],
        ['DOCKER_HOST', 'tcp://docker:2375', 'DOCKER_HOST: tcp://docker:2375'],
      ]);
      assert.deepEqual(found[3].environment.map((e) => e.value.name), ['DOCKER_TLS_CERTDIR', 'DOCKER_HOST', 'POSTGRES_DB']);
      // The runner's configuration decides the rest of a service's settings.
      assert.equal(found[2].incomplete, true);
    });
  });

  it('reads .gitlab-ci.yml as a pipeline even where a job is named like a workflow key', () => {
    const text = 'jobs:\n  script: docker run --privileged alpine\n';
    assert.equal(containers('ci', text, '.gitlab-ci.yml')[0]?.privileged.length, 1);
    assert.deepEqual(containers('ci', text, '.github/workflows/ci.yml'), []);
  });

  it('reports invalid YAML as the file\'s syntax problem', () => {
    const model = parseRunLines('ci', 'jobs: [\n', '.github/workflows/ci.yml');
    assert.equal(model.syntaxProblems.length, 1);
    assert.deepEqual(model.containers, []);
  });
});
