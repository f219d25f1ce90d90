import * as assert from 'node:assert/strict';
import { lint, type FileKind, type TextEdit } from '../../rules';
import { LineIndex } from '../../rules/text';
import { memoryWorkspace } from '../helpers/memory-workspace';
import { ruleTester } from '../helpers/rule-tester';

/*
 * The runtime rules on the containers scripts, Makefiles and CI files start: each rule's judgement
 * is tested in its own file; here, that every one of them reports through each of these front doors,
 * anchored exactly where the flag is written (through line continuations, Makefile recipes and YAML
 * block scalars), and that files without a risky setting get nothing.
 */

const workflow = (script: string) => `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n${script.replace(/^/gm, '          ')}\n`;

ruleTester('privileged', {
  valid: [
    { kind: 'shell', code: '#!/bin/sh\ndocker run --rm -v "$PWD:/src" alpine:3.20 make\n' },
    { kind: 'shell', name: 'set false', code: 'docker run --privileged=false alpine\n' },
    { kind: 'shell', name: 'a flag of the command in the container, after the image', code: 'docker run --rm alpine sh -c "docker run --privileged x" --privileged\n' },
    { kind: 'shell', name: 'a command line in a string or a comment', code: "echo 'docker run --privileged x'\n# docker run --privileged x\n" },
    { kind: 'shell', name: 'privileges set only when asked for, in a case', code: 'case "$1" in -r) FLAGS="--privileged";; esac\ndocker run $FLAGS alpine\n' },
    { kind: 'shell', name: 'a variable assigned twice', code: 'FLAGS=--privileged\nFLAGS=--rm\ndocker run $FLAGS alpine\n' },
    { kind: 'shell', name: 'docker exec is not a container start', code: 'docker exec --privileged web sh\n' },
    { kind: 'ci', code: workflow('docker build -t app .\ndocker run --rm app test') },
    { kind: 'ci', name: 'a PowerShell step', code: 'jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - shell: pwsh\n        run: docker run --privileged alpine\n' },
  ],
  invalid: [
    {
      kind: 'shell',
      name: 'across line continuations, removed with its line',
      code: 'docker run --rm \\\n  --privileged \\\n  alpine:3.20\n',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 15, message: 'This docker run runs privileged', severity: 'error' }],
      output: 'docker run --rm \\\n  alpine:3.20\n',
    },
    {
      kind: 'shell',
      name: 'podman, through sudo, in a substitution',
      code: 'id=$(sudo podman run -d --privileged=true fedora)\n',
      errors: [{ line: 1, column: 25, endColumn: 42, message: 'This podman run runs privileged' }],
    },
    {
      kind: 'shell',
      filename: 'Makefile',
      name: 'a Makefile recipe',
      code: 'IMAGE := alpine:3.20\ntest:\n\t@docker run --rm \\\n\t\t--privileged $(IMAGE) true\n',
      errors: [{ line: 4, column: 3, endColumn: 15 }],
    },
    {
      kind: 'ci',
      name: 'a literal block scalar',
      code: workflow('echo start\ndocker run \\\n  --privileged \\\n  alpine'),
      errors: [{ line: 10, column: 13, endLine: 10, endColumn: 25, message: 'This docker run runs privileged' }],
    },
    {
      kind: 'ci',
      name: 'a job container\'s options',
      code: 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    container:\n      image: node:20\n      options: --cpus 1 --privileged\n    steps:\n      - run: npm test\n',
      errors: [{ line: 6, column: 25, endColumn: 37, message: 'Job "test" container runs privileged' }],
    },
    {
      kind: 'ci',
      filename: '.gitlab-ci.yml',
      name: 'a GitLab script item',
      code: 'test:\n  script:\n    - docker run --privileged alpine\n',
      errors: [{ line: 3, column: 18, endColumn: 30 }],
    },
    {
      kind: 'shell',
      name: 'a binfmt registration: info, naming its purpose',
      code: 'docker run --privileged --rm tonistiigi/binfmt --install all\n',
      errors: [{ line: 1, column: 12, severity: 'info', message: 'binfmt_misc' }],
    },
    {
      kind: 'shell',
      name: 'command lines kept in strings: an assignment, eval, sudo sh -c, ssh',
      code: 'CMD="docker run --privileged x"\neval "docker run --privileged=true y"\nsudo sh -c \'podman run --privileged z\'\nssh host "sudo docker run --privileged w"\n',
      errors: [
        { line: 1, column: 17, endColumn: 29, message: 'This docker run runs privileged' },
        { line: 2, column: 18, endColumn: 35, message: 'This docker run runs privileged' },
        { line: 3, column: 24, endColumn: 36, message: 'This podman run runs privileged' },
        { line: 4, column: 27, endColumn: 39, message: 'This docker run runs privileged' },
      ],
      output: 'CMD="docker run x"\neval "docker run y"\nsudo sh -c \'podman run z\'\nssh host "sudo docker run w"\n',
    },
    {
      kind: 'ci',
      name: 'a command line exported in a step, for another program to run',
      code: workflow("export RUNNER_CMD='docker run -i --rm --privileged img'\n./start.sh"),
      errors: [{ line: 8, column: 49, endColumn: 61, message: 'This docker run runs privileged' }],
    },
    {
      kind: 'shell',
      name: 'flags held in a variable assigned once, literally: the finding on the reference, no fix',
      code: 'FLAGS="--rm --privileged"\ndocker run $FLAGS alpine\n',
      errors: [{ line: 2, column: 12, endColumn: 18, message: 'This docker run runs privileged' }],
      output: 'FLAGS="--rm --privileged"\ndocker run $FLAGS alpine\n',
    },
  ],
});

ruleTester('host-namespace', {
  valid: [
    { kind: 'shell', code: 'docker run --network=bridge --ipc private alpine\n' },
    { kind: 'shell', name: 'an unknown network', code: 'docker run --network "$NET" alpine\n' },
    { kind: 'ci', code: workflow('docker run --net my-net alpine') },
  ],
  invalid: [
    {
      kind: 'shell',
      name: 'each namespace flag as written',
      code: 'docker run \\\n  --net host \\\n  --pid=host \\\n  --uts host \\\n  alpine\n',
      errors: [
        { line: 2, column: 3, endColumn: 13, message: '(--net host)' },
        { line: 3, column: 3, endColumn: 13, message: '--pid=host' },
        { line: 4, column: 3, endColumn: 13, message: '--uts host' },
      ],
    },
    {
      kind: 'ci',
      name: 'a folded block scalar',
      code: 'jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: >\n          docker run\n          --ipc=host\n          alpine\n',
      errors: [{ line: 7, column: 11, endColumn: 21, message: 'IPC namespace' }],
    },
    {
      kind: 'ci',
      name: 'a service\'s options',
      code: 'jobs:\n  a:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: postgres:16\n        options: >-\n          --health-cmd pg_isready\n          --network host\n    steps:\n      - run: make\n',
      errors: [{ line: 9, column: 11, endColumn: 25, message: 'Service "db" of job "a"' }],
    },
  ],
});

ruleTester('dangerous-cap-add', {
  valid: [
    { kind: 'shell', code: 'docker run --cap-drop ALL --cap-add NET_BIND_SERVICE nginx\n' },
    { kind: 'shell', filename: 'Makefile', name: 'an unknown capability list', code: 'run:\n\tdocker run --cap-add $(CAPS) nginx\n' },
  ],
  invalid: [
    {
      kind: 'shell',
      code: 'podman run --cap-add=SYS_ADMIN,NET_ADMIN \\\n  --cap-add SYS_PTRACE fedora\n',
      errors: [
        { line: 1, column: 12, endColumn: 41, message: 'SYS_ADMIN' },
        { line: 1, column: 12, endColumn: 41, message: 'NET_ADMIN' },
        { line: 2, column: 3, endColumn: 23, message: 'SYS_PTRACE' },
      ],
    },
    {
      kind: 'ci',
      filename: '.gitlab-ci.yml',
      code: 'build:\n  script:\n    - |\n      docker run --rm \\\n        --cap-add=ALL alpine\n',
      errors: [{ line: 5, column: 9, endColumn: 22, message: 'ALL capabilities' }],
    },
  ],
});

ruleTester('security-profile-disabled', {
  valid: [
    { kind: 'shell', code: 'docker run --security-opt no-new-privileges:true --security-opt seccomp=profile.json alpine\n' },
  ],
  invalid: [
    {
      kind: 'shell',
      code: 'docker run \\\n  --security-opt seccomp=unconfined \\\n  --security-opt=apparmor=unconfined alpine\n',
      errors: [
        { line: 2, column: 3, endColumn: 36, message: 'seccomp' },
        { line: 3, column: 3, endColumn: 37, message: 'AppArmor' },
      ],
    },
    {
      kind: 'ci',
      code: workflow('podman run --security-opt label=disable fedora'),
      errors: [{ line: 8, column: 22, endColumn: 50, message: 'SELinux' }],
    },
  ],
});

ruleTester('docker-daemon-tcp-unencrypted', {
  valid: [
    { kind: 'ci', filename: '.gitlab-ci.yml', name: 'dind with TLS', code: 'variables:\n  DOCKER_TLS_CERTDIR: /certs\nbuild:\n  services:\n    - docker:27-dind\n  script:\n    - docker info\n' },
    { kind: 'ci', filename: '.gitlab-ci.yml', name: 'an empty variable without a dind service', code: 'variables:\n  DOCKER_TLS_CERTDIR: ""\nbuild:\n  services:\n    - postgres:16\n  script:\n    - make\n' },
    { kind: 'shell', code: 'docker run -d -p 127.0.0.1:2376:2376 -e DOCKER_TLS_CERTDIR=/certs docker:27-dind\n' },
    { kind: 'shell', name: 'an image whose name is a variable', code: 'docker run -d -e DOCKER_TLS_CERTDIR="" "${DIND_IMAGE}"\n' },
    { kind: 'shell', name: 'a tag that is all variable', code: 'docker run -d -e DOCKER_TLS_CERTDIR="" "docker:${TAG}"\n' },
  ],
  invalid: [
    {
      kind: 'ci',
      filename: '.gitlab-ci.yml',
      name: 'a dind service with TLS off, reported once where the variable is written',
      code: 'variables:\n  DOCKER_HOST: tcp://docker:2375\n  DOCKER_TLS_CERTDIR: ""\nbuild:\n  services:\n    - docker:27-dind\n  script:\n    - docker build .\ntest:\n  services:\n    - name: docker:dind\n  script:\n    - docker run app\n',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 25, message: 'Service "docker:27-dind" of job "build" runs Docker-in-Docker with DOCKER_TLS_CERTDIR empty' }],
    },
    {
      kind: 'ci',
      filename: '.gitlab-ci.yml',
      name: 'a service\'s own variables win over the pipeline\'s',
      code: 'variables:\n  DOCKER_TLS_CERTDIR: /certs\nbuild:\n  services:\n    - name: docker:27-dind\n      variables:\n        DOCKER_TLS_CERTDIR: ""\n  script:\n    - docker info\n',
      errors: [{ line: 7, column: 9 }],
    },
    {
      kind: 'shell',
      name: 'a docker run line: the published port and the empty certificate folder',
      code: 'docker run -d --privileged \\\n  -p 2375:2375 \\\n  -e DOCKER_TLS_CERTDIR= \\\n  docker:27-dind\n',
      errors: [
        { line: 2, column: 3, endColumn: 15, message: 'This docker run publishes port 2375' },
        { line: 3, column: 3, endColumn: 25, message: 'This docker run runs Docker-in-Docker' },
      ],
    },
    {
      kind: 'shell',
      name: 'a variable in the tag of the dind image',
      code: 'docker run --privileged -e DOCKER_TLS_CERTDIR="" \\\n  -d "docker:${docker_version}-dind" --data-root /mnt\ndocker run -e DOCKER_TLS_CERTDIR= docker:$V-dind\n',
      errors: [
        { line: 1, column: 25, endColumn: 49, message: 'This docker run runs Docker-in-Docker with DOCKER_TLS_CERTDIR empty' },
        { line: 3, column: 12, endColumn: 34, message: 'This docker run runs Docker-in-Docker' },
      ],
    },
    {
      kind: 'ci',
      filename: '.gitlab-ci.yml',
      name: 'a GitLab service with a variable in its tag',
      code: 'variables:\n  DOCKER_TLS_CERTDIR: ""\nbuild:\n  services:\n    - docker:${DOCKER_VERSION}-dind\n  script:\n    - docker info\n',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 25, message: 'Service "docker:${DOCKER_VERSION}-dind" of job "build" runs Docker-in-Docker' }],
    },
    {
      kind: 'ci',
      name: 'a GitHub service with an expression in its tag',
      code: 'jobs:\n  a:\n    runs-on: ubuntu-latest\n    services:\n      dind:\n        image: docker:${{ matrix.docker }}-dind\n        env:\n          DOCKER_TLS_CERTDIR: ""\n    steps:\n      - run: make\n',
      errors: [{ line: 8, column: 11, endColumn: 33, message: 'Service "dind" of job "a" runs Docker-in-Docker' }],
    },
  ],
});

describe('suppressions on run lines', () => {
  const apply = (text: string, edit: TextEdit) => {
    const lines = new LineIndex(text);
    return text.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + text.slice(lines.offsetAt(edit.range.end));
  };
  const cases: Array<[string, FileKind, string, string]> = [
    ['run.sh', 'shell', 'echo a\ndocker run --rm \\\n  --privileged \\\n  alpine\n', 'echo a\n# bulwark-ignore privileged\ndocker run --rm \\\n'],
    [
      '.github/workflows/ci.yml',
      'ci',
      'jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo a\n          docker run --rm \\\n            --privileged alpine\n',
      '          echo a\n          # bulwark-ignore privileged\n          docker run --rm',
    ],
    ['Makefile', 'shell', 'all:\n\tdocker run --rm \\\n\t\t--privileged alpine\n', 'all:\n\t# bulwark-ignore privileged\n\tdocker run'],
  ];
  for (const [uri, kind, text, expected] of cases) {
    it(`the ignore comment goes above the whole command, and covers its continuation lines (${uri})`, () => {
      const [finding] = lint({ uri, text, kind }, { profile: 'recommended' }).findings;
      const ignored = apply(text, finding.ignore!.line);
      assert.ok(ignored.includes(expected), ignored);
      const again = lint({ uri, text: ignored, kind }, { profile: 'recommended' });
      assert.deepEqual([again.findings, again.suppressed.map((f) => f.ruleId)], [[], ['privileged']]);
    });
  }
});

const job = (container: string) => `jobs:\n  test:\n    runs-on: ubuntu-latest\n    container:\n${container.replace(/^/gm, '      ')}\n    steps:\n      - run: make test\n`;

ruleTester('docker-socket-mount', {
  valid: [
    { kind: 'shell', code: 'docker run -v "$PWD:/src" -v data:/var/run alpine\n' },
    { kind: 'ci', code: job('image: node:20\nvolumes:\n  - my-data:/data') },
  ],
  invalid: [
    {
      kind: 'shell',
      code: 'docker run \\\n  -v /var/run/docker.sock:/var/run/docker.sock:ro \\\n  docker:27-cli docker ps\n',
      errors: [{ line: 2, column: 3, endColumn: 50, message: 'This docker run mounts the container engine\'s API socket /var/run/docker.sock' }],
    },
    {
      kind: 'ci',
      name: 'a job container\'s volumes',
      code: job('image: docker:27-cli\nvolumes:\n  - /var/run/docker.sock:/var/run/docker.sock'),
      errors: [{ line: 7, column: 11, endColumn: 52, message: 'Job "test" container mounts' }],
    },
    {
      kind: 'shell',
      name: 'the socket path held in a variable assigned once',
      code: 'SOCK=/var/run/docker.sock\ndocker run -v $SOCK:$SOCK docker:27-cli\n',
      errors: [{ line: 2, column: 12, endColumn: 26, message: 'API socket /var/run/docker.sock' }],
    },
  ],
});

ruleTester('sensitive-host-mount', {
  valid: [
    { kind: 'shell', code: 'docker run -v ./src:/src -v /srv/app/data:/data alpine\n' },
    { kind: 'shell', name: 'a HOME the script sets', code: 'HOME=$(mktemp -d)\ndocker run -v $HOME/.ssh:/root/.ssh alpine\n' },
  ],
  invalid: [
    {
      kind: 'shell',
      name: 'the user\'s home as $HOME and ${HOME}',
      code: 'docker run -v $HOME/.ssh:/root/.ssh \\\n  -v "${HOME}/.aws:/root/.aws:ro" alpine\n',
      errors: [
        { line: 1, column: 12, endColumn: 36, message: 'This docker run mounts the host\'s ~/.ssh writable' },
        { line: 2, column: 3, endColumn: 34, message: '~/.aws' },
      ],
    },
    {
      kind: 'shell',
      code: 'docker run -v /etc:/host/etc alpine\n',
      errors: [{ line: 1, column: 12, endColumn: 29, message: 'This docker run mounts the host\'s /etc writable' }],
      output: 'docker run -v /etc:/host/etc:ro alpine\n',
    },
    {
      kind: 'ci',
      code: workflow('podman run --rm \\\n  --mount type=bind,source=/,target=/host \\\n  fedora'),
      errors: [{ line: 9, column: 13, endColumn: 52, message: 'This podman run mounts the host\'s /' }],
    },
  ],
});

ruleTester('secret-in-env', {
  valid: [{ kind: 'shell', code: 'docker run -e API_TOKEN -e "DB_PASSWORD=$DB_PASSWORD" -e LOG_LEVEL=debug alpine\n' }],
  invalid: [
    {
      kind: 'shell',
      code: 'docker run \\\n  -e API_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 \\\n  alpine\n',
      files: {},
      filename: 'scripts/run.sh',
      errors: [{ line: 2, column: 3, endColumn: 56, message: 'This docker run sets API_TOKEN', notMessage: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' }],
      output: 'docker run \\\n  -e API_TOKEN \\\n  alpine\n',
    },
  ],
});

ruleTester('root-user', {
  valid: [{ kind: 'shell', code: 'docker run -u 10001:10001 alpine\n' }, { kind: 'shell', name: 'a user from a variable', code: 'docker run -u "$(id -u)" alpine\n' }],
  invalid: [
    {
      kind: 'shell',
      code: 'docker run --user=0 alpine id\n',
      errors: [{ line: 1, column: 12, endColumn: 20, message: 'This docker run runs as root' }],
      output: 'docker run --user=10001:10001 alpine id\n',
    },
  ],
});

ruleTester('port-bound-to-all-interfaces', {
  valid: [{ kind: 'shell', code: 'docker run -p 127.0.0.1:8080:80 alpine\n' }],
  invalid: [
    {
      kind: 'shell',
      filename: 'Makefile',
      code: 'serve:\n\tdocker run --rm -p 8080:80 nginx\n',
      errors: [{ line: 2, column: 18, endColumn: 28, message: 'Port 80 of this docker run', severity: 'info' }],
      output: 'serve:\n\tdocker run --rm -p 127.0.0.1:8080:80 nginx\n',
    },
  ],
});

ruleTester('ssh-port-exposed', {
  valid: [{ kind: 'shell', code: 'docker run -p 127.0.0.1:8022:8022 alpine\n' }],
  invalid: [{ kind: 'ci', code: job('image: node:20\nports:\n  - 2222:22'), errors: [{ line: 7, column: 11, endColumn: 18, message: 'container port 22' }] }],
});

ruleTester('host-device-mapped', {
  valid: [{ kind: 'shell', code: 'docker run --rm alpine\n' }],
  invalid: [{ kind: 'shell', code: 'podman run --device=/dev/fuse fedora\n', errors: [{ line: 1, column: 12, endColumn: 30, message: '/dev/fuse' }] }],
});

ruleTester('mount-propagation-shared', {
  valid: [{ kind: 'shell', code: 'docker run -v /data:/data:rslave alpine\n' }],
  invalid: [
    {
      kind: 'shell',
      code: 'docker run --mount type=bind,src=/data,dst=/data,bind-propagation=rshared alpine\n',
      errors: [{ line: 1, column: 12, endColumn: 74, message: 'rshared' }],
    },
  ],
});

ruleTester('tmpfs-exec', {
  valid: [{ kind: 'shell', code: 'docker run --tmpfs /tmp:noexec alpine\n' }],
  invalid: [{ kind: 'shell', code: 'docker run --tmpfs /run:exec alpine\n', errors: [{ line: 1, column: 12, endColumn: 29, message: 'exec' }] }],
});

/** Each rule about a missing setting: at the command head, `info`, with the flag its fix adds after `run`. */
const missing: Array<[string, string, string | undefined]> = [
  ['cap-drop-missing', '--cap-drop ALL', '--cap-drop=ALL'],
  ['no-new-privileges-missing', '--security-opt no-new-privileges:true', '--security-opt=no-new-privileges'],
  ['writable-root-filesystem', '--read-only', '--read-only'],
  ['memory-limit-missing', '-m 512m', undefined],
  ['cpu-limit-missing', '--cpus 1.5', undefined],
  ['pids-limit-missing', '--pids-limit 100', undefined],
];
for (const [ruleId, present, added] of missing) {
  ruleTester(ruleId, {
    valid: [
      { kind: 'shell', code: `docker run --rm ${present} alpine\n` },
      { kind: 'shell', name: 'flags from a variable may set it', code: 'docker run --rm $DOCKER_OPTS alpine\n' },
      { kind: 'ci', filename: '.gitlab-ci.yml', name: 'a GitLab service: the runner decides', code: 'test:\n  services:\n    - postgres:16\n  script:\n    - make\n' },
    ],
    invalid: [
      {
        kind: 'shell',
        name: 'at the command head, through sudo',
        code: 'sudo docker run \\\n  --rm alpine\n',
        errors: [{ line: 1, column: 6, endColumn: 16, severity: 'info', message: 'This docker run' }],
        ...(added ? { output: `sudo docker run ${added} \\\n  --rm alpine\n` } : {}),
      },
      {
        kind: 'shell',
        name: 'a value from a variable hides only its own setting',
        code: 'docker run -v "$PWD:/src" alpine\n',
        errors: [{ line: 1, column: 1, endColumn: 11, severity: 'info' }],
      },
      {
        kind: 'ci',
        name: 'a job container, at its key',
        code: job('image: node:20'),
        errors: [{ line: 4, column: 5, endColumn: 14, severity: 'info', message: 'Job "test" container' }],
      },
    ],
  });
}

describe('secret-in-env on a run line: the value removed is kept, out of Git', () => {
  const text = 'docker run -e API_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 alpine\n';
  it('writes it to secrets/<id>.txt beside the script and ignores the folder, before the line loses it', () => {
    const finding = lint({ uri: 'file:///project/scripts/run.sh', text }, { workspace: memoryWorkspace({}) }).findings.find((f) => f.ruleId === 'secret-in-env')!;
    const [fix] = finding.fixes!;
    assert.match(fix.title, /kept in secrets\/api_token\.txt, out of Git/);
    assert.deepEqual(fix.files, [
      { kind: 'create', uri: 'file:///project/scripts/secrets/api_token.txt', text: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', secret: true },
      { kind: 'create', uri: 'file:///project/scripts/.gitignore', text: 'secrets/\n', ensureLine: 'secrets/' },
    ]);
  });

  it('offers no fix where it cannot keep the value (no files around the document)', () => {
    const finding = lint({ uri: 'file:///project/scripts/run.sh', text }).findings.find((f) => f.ruleId === 'secret-in-env')!;
    assert.equal(finding.fixes, undefined);
  });
});
