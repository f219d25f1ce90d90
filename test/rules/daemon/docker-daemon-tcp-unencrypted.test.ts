import { ruleTester } from '../../helpers/rule-tester';

const env = (lines: string, image = 'docker:27-cli') => `services:\n  ci:\n    image: ${image}\n    environment:\n${lines}`;

ruleTester('docker-daemon-tcp-unencrypted', {
  valid: [
    { name: 'DOCKER_TLS_CERTDIR empty outside a Docker-in-Docker image', code: 'FROM alpine:3.20\nENV DOCKER_TLS_CERTDIR=""\n' },
    { name: 'a Docker-in-Docker image that keeps its TLS folder', code: 'FROM docker:27-dind\nENV DOCKER_TLS_CERTDIR=/certs\n' },
    'FROM docker:27-cli\nEXPOSE 2376\nENV DOCKER_HOST=tcp://dind:2376 DOCKER_TLS_VERIFY=1',
    { name: 'UDP and ports around 2375', code: 'FROM alpine:3.20\nEXPOSE 2375/udp 2376-2380 2374' },
    { name: 'a unix socket', code: 'FROM docker:27-cli\nENV DOCKER_HOST=unix:///var/run/docker.sock' },
    { name: 'DOCKER_TLS_VERIFY set later in the stage, or in the stage built on', code: 'FROM docker:27-cli AS base\nENV DOCKER_TLS_VERIFY=1\nFROM base\nENV DOCKER_HOST=tcp://dind:2376\nFROM docker:27-cli\nENV DOCKER_HOST=tcp://dind:2376\nENV DOCKER_TLS_VERIFY=0' },
    { name: 'DOCKER_TLS_VERIFY from a build argument', code: 'FROM docker:27-cli\nARG DOCKER_TLS_VERIFY\nENV DOCKER_HOST=tcp://dind:2376' },
    { name: 'dockerd with --tlsverify, on a socket, or another program', code: 'FROM docker:27-dind\nENTRYPOINT ["dockerd", "--tlsverify", "-H", "tcp://0.0.0.0:2376"]\nCMD ["dockerd", "-H", "unix:///var/run/docker.sock"]\nRUN ["echo", "-H", "tcp://0.0.0.0:2375"]' },
    { name: 'DOCKER_HOST without a value', code: 'FROM docker:27-cli\nARG DOCKER_HOST\nENV DOCKER_HOST=$DOCKER_HOST' },
    { name: 'a global ARG, before any stage, is not a stage\'s client setting', code: 'ARG DOCKER_HOST=tcp://build-host:2375\nFROM docker:27-cli\n' },
    { kind: 'compose', name: 'TLS verification on', code: env('      DOCKER_HOST: tcp://dind:2376\n      DOCKER_TLS_VERIFY: "1"\n') },
    { kind: 'compose', name: 'list form with TLS', code: env('      - DOCKER_HOST=tcp://dind:2376\n      - DOCKER_TLS_VERIFY=1\n') },
    { kind: 'compose', name: 'DOCKER_TLS_VERIFY=0 still verifies: Docker only checks that it is non-empty', code: env('      - DOCKER_HOST=tcp://dind:2376\n      - DOCKER_TLS_VERIFY=0\n') },
    { kind: 'compose', name: 'DOCKER_TLS encrypts', code: env('      DOCKER_HOST: tcp://dind:2376\n      DOCKER_TLS: "1"\n') },
    { kind: 'compose', name: 'DOCKER_TLS_VERIFY from an unknown variable', code: env('      DOCKER_HOST: tcp://dind:2376\n      DOCKER_TLS_VERIFY: ${VERIFY}\n') },
    { kind: 'compose', name: 'a unix socket', code: env('      DOCKER_HOST: unix:///var/run/docker.sock\n') },
    { kind: 'compose', name: 'DOCKER_HOST from the host', code: env('      - DOCKER_HOST\n') },
    { kind: 'compose', name: 'DOCKER_TLS_VERIFY from the host', code: env('      - DOCKER_HOST=tcp://dind:2376\n      - DOCKER_TLS_VERIFY\n') },
    { kind: 'compose', name: 'an env_file may set DOCKER_TLS_VERIFY', code: 'services:\n  ci:\n    image: docker:27-cli\n    env_file: .env\n    environment:\n      DOCKER_HOST: tcp://dind:2376\n' },
    { kind: 'compose', name: 'dind with TLS', code: env('      DOCKER_TLS_CERTDIR: /certs\n', 'docker:27-dind') },
    { kind: 'compose', name: 'an empty cert dir outside dind', code: env('      DOCKER_TLS_CERTDIR: ""\n', 'example/app:1.0') },
    { kind: 'compose', name: 'the TLS port published', code: 'services:\n  dind:\n    image: docker:27-dind\n    ports: ["127.0.0.1:2376:2376"]\n' },
    { kind: 'compose', name: 'UDP 2375', code: 'services:\n  x:\n    image: x:1\n    ports: ["2375:2375/udp"]\n' },
    { kind: 'daemon', name: 'TCP with tlsverify', code: '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],\n  "tlsverify": true\n}\n' },
    { kind: 'daemon', name: 'sockets only', code: '{ "hosts": ["fd://", "unix:///run/docker.sock", "npipe://"] }\n' },
    { kind: 'systemd', name: '-H tcp with --tlsverify', code: '[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2376 --tlsverify --tlscacert=/c/ca.pem\n' },
    { kind: 'systemd', name: 'an EnvironmentFile may override the unit\'s Environment=', code: '[Service]\nEnvironmentFile=-/etc/default/docker\nEnvironment=OPTS=\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2376 $OPTS\n' },
    { kind: 'systemd', name: 'a variable may hold --tlsverify', code: '[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2376 $DOCKER_OPTS\n' },
    { kind: 'systemd', name: 'a socket on another port: its TLS is set on dockerd elsewhere', code: '[Socket]\nListenStream=/run/docker.sock\nListenStream=[::]:2376\n' },
    { kind: 'systemd', name: 'not dockerd', code: '[Service]\nExecStart=/usr/bin/socat TCP-LISTEN:2375 UNIX:/var/run/docker.sock\n' },
    { kind: 'dockerfile', name: 'dockerd on its socket', code: 'FROM docker:27-dind\nCMD ["dockerd", "-H", "unix:///var/run/docker.sock"]\n' },
    { kind: 'compose', name: 'a dind command of flags with TLS', code: 'services:\n  dind:\n    image: docker:27-dind\n    command: ["--host=tcp://0.0.0.0:2376", "--tlsverify"]\n' },
    { kind: 'compose', name: 'flags on another image are not dockerd\'s', code: 'services:\n  app:\n    image: example/app:1\n    command: ["-H", "tcp://0.0.0.0:2375"]\n' },
  ],
  invalid: [
    {
      name: 'ONBUILD ENV settings, judged in their stage',
      code: 'FROM docker:27-cli\nONBUILD ENV DOCKER_HOST=tcp://build-host:2375\nFROM docker:27-dind\nONBUILD ENV DOCKER_TLS_CERTDIR=""\n',
      errors: [
        { line: 2, column: 13, endColumn: 46, message: 'ENV DOCKER_HOST points the Docker client at tcp://build-host:2375' },
        { line: 4, column: 13, endColumn: 34, message: 'ENV DOCKER_TLS_CERTDIR is empty in a Docker-in-Docker image' },
      ],
    },
    {
      name: 'a Docker-in-Docker image with DOCKER_TLS_CERTDIR empty, also through a stage built on it',
      code: 'FROM docker:27-dind AS daemon\nENV DOCKER_TLS_CERTDIR=""\nFROM daemon\nENV DOCKER_TLS_CERTDIR=\n',
      errors: [
        { line: 2, column: 5, message: 'DOCKER_TLS_CERTDIR is empty in a Docker-in-Docker image' },
        { line: 4, column: 5, message: 'DOCKER_TLS_CERTDIR is empty' },
      ],
    },
    {
      name: 'EXPOSE 2375, alone, in a range, from a variable',
      code: 'FROM docker:27-dind\nARG PORT=2375\nEXPOSE 2375 2370-2380/tcp $PORT\n',
      errors: [
        { line: 3, column: 8, endColumn: 12, message: 'EXPOSE declares port 2375, the Docker daemon', severity: 'error' },
        { line: 3, column: 13, endColumn: 26, message: 'port 2375 (in 2370-2380/tcp)' },
        { line: 3, column: 27, endColumn: 32 },
      ],
    },
    {
      name: 'ENV and ARG DOCKER_HOST over tcp without TLS, anchored at the pair',
      code: 'FROM docker:27-cli\nENV DOCKER_HOST=tcp://build-host:2376\nFROM docker:27-cli\nARG DOCKER_HOST=tcp://10.0.0.5:2376\nENV DOCKER_TLS_VERIFY=\n',
      errors: [
        { line: 2, column: 5, endColumn: 38, message: 'ENV DOCKER_HOST points the Docker client at tcp://build-host:2376 over TCP with DOCKER_TLS_VERIFY unset' },
        { line: 4, column: 5, endColumn: 36, message: 'DOCKER_TLS_VERIFY empty' },
      ],
    },
    {
      name: 'port 2375 whatever the TLS variables say',
      code: 'FROM docker:27-cli\nARG DOCKER_TLS_VERIFY\nENV DOCKER_HOST=tcp://dind:2375 DOCKER_TLS=1\n',
      errors: [{ line: 3, column: 5, endColumn: 32, message: 'port 2375, where the daemon listens without TLS' }],
    },
    {
      name: 'dockerd listening on tcp without --tlsverify, exec form: anchored at the flag and its address',
      code: 'FROM docker:27-dind\nENTRYPOINT ["/usr/local/bin/dockerd", "-H", "tcp://0.0.0.0:2376", "--tls"]\nCMD ["dockerd", "--host=tcp://0.0.0.0:2375", "-H", "unix:///var/run/docker.sock"]\n',
      errors: [
        { line: 2, column: 39, endColumn: 65, message: 'The daemon listens on tcp://0.0.0.0:2376 with TLS but without client verification' },
        { line: 3, column: 17, endColumn: 44, message: 'tcp://0.0.0.0:2375 without TLS' },
      ],
    },
    {
      kind: 'compose',
      name: 'compose: port 2375 even with DOCKER_TLS_VERIFY set',
      code: env('      DOCKER_HOST: tcp://dind:2375\n      DOCKER_TLS_VERIFY: "1"\n'),
      errors: [{ line: 5, column: 7, message: 'port 2375' }],
    },
    {
      kind: 'compose',
      name: 'a published 2375, as container or host port, anchored at the port',
      code: 'services:\n  dind:\n    image: docker:27-dind\n    ports:\n      - "127.0.0.1:2375:2375"\n      - "2375:8080"\n      - target: 2375\n        published: 12375\n',
      errors: [
        { line: 5, column: 9, endColumn: 30, message: 'publishes port 2375', severity: 'error' },
        { line: 6, column: 9 },
        { line: 8, column: 20, endColumn: 25 },
      ],
    },
    {
      kind: 'compose',
      name: 'DOCKER_HOST over tcp without DOCKER_TLS_VERIFY: the pair',
      code: env('      DOCKER_HOST: tcp://dind:2375\n'),
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 35, message: 'DOCKER_TLS_VERIFY unset' }],
    },
    {
      kind: 'compose',
      name: 'DOCKER_TLS_VERIFY empty, list form',
      code: env('      - DOCKER_HOST=tcp://10.0.0.5:2376\n      - DOCKER_TLS_VERIFY=\n'),
      errors: [{ line: 5, column: 9, endColumn: 40, message: 'DOCKER_TLS_VERIFY empty' }],
    },
    {
      kind: 'compose',
      name: 'an interpolated default',
      code: env('      DOCKER_HOST: ${DOCKER_HOST:-tcp://docker:2375}\n'),
      errors: [{ line: 5, message: 'tcp://docker:2375' }],
    },
    {
      kind: 'compose',
      name: 'dind with DOCKER_TLS_CERTDIR empty',
      code: env('      DOCKER_TLS_CERTDIR: ""\n', 'docker:dind'),
      errors: [{ line: 5, column: 7, endColumn: 29, message: 'Docker-in-Docker' }],
    },
    {
      kind: 'compose',
      name: 'dind from docker.io, list form',
      code: env('      - DOCKER_TLS_CERTDIR=\n', 'docker.io/library/docker:24.0-dind-rootless'),
      errors: [{ line: 5, column: 9 }],
    },
    {
      kind: 'compose',
      name: 'a merged environment: anchored at <<, definition related',
      code: 'x-env: &env\n  environment:\n    DOCKER_HOST: tcp://dind:2375\nservices:\n  ci:\n    <<: *env\n    image: docker:27-cli\n',
      errors: [{ line: 6, column: 5, related: [{ line: 3 }] }],
    },
    {
      kind: 'daemon',
      name: 'daemon.json: each TCP host without tlsverify, at the item; 2375 even with TLS',
      code: '{\n  "hosts": [\n    "unix:///var/run/docker.sock",\n    "tcp://0.0.0.0:2376",\n    "127.0.0.1:2377"\n  ],\n  "tls": true\n}\n',
      errors: [
        { line: 4, column: 5, endColumn: 25, message: 'with TLS but without client verification' },
        { line: 5, column: 5, endColumn: 21 },
      ],
    },
    {
      kind: 'daemon',
      name: 'daemon.json: port 2375 with tlsverify',
      code: '{ "hosts": ["tcp://0.0.0.0:2375"], "tlsverify": true }\n',
      errors: [{ line: 1, column: 13, message: "plain-text port" }],
    },
    {
      kind: 'systemd',
      name: 'unit file: -H tcp in every form, across continuation lines',
      code: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// \\\n    -H=tcp://0.0.0.0:2375 \\\n    --host tcp://10.0.0.1:4243 -Htcp://:2376\n',
      errors: [
        { line: 4, column: 5, endColumn: 26, message: 'tcp://0.0.0.0:2375 without TLS' },
        { line: 5, column: 5, endColumn: 31 },
        { line: 5, column: 32, endColumn: 45 },
      ],
    },
    {
      kind: 'systemd',
      name: 'unit file: flags from an Environment= of the unit, anchored in its value',
      code: '[Service]\nEnvironment="DOCKER_OPTS=-H tcp://0.0.0.0:2376 --icc=false" OTHER=1\nExecStart=/usr/bin/dockerd $DOCKER_OPTS\n',
      errors: [{ line: 2, column: 26, endColumn: 47 }],
    },
    {
      kind: 'systemd',
      name: 'socket unit: ListenStream on port 2375, after the reset',
      code: '[Socket]\nListenStream=\nListenStream=/run/docker.sock\nListenStream=0.0.0.0:2375\nListenStream=2375\n',
      errors: [
        { line: 4, column: 14, endColumn: 26, message: 'plain-text port' },
        { line: 5, column: 14, endColumn: 18 },
      ],
    },
    {
      kind: 'systemd',
      name: 'unit file: 2375 is judged even when a variable may hold flags',
      code: '[Service]\nExecStart=/usr/bin/docker daemon -H tcp://0.0.0.0:2375 $OPTIONS\n',
      errors: [{ line: 2, column: 34 }],
    },
    {
      kind: 'dockerfile',
      name: 'Dockerfile: dockerd in a RUN through a wrapper, and in an exec-form ENTRYPOINT',
      code: 'FROM docker:27-dind\nRUN nohup dockerd -H tcp://0.0.0.0:2375 > /var/log/dockerd.log 2>&1 &\nENTRYPOINT ["dockerd", "--host=tcp://0.0.0.0:2376"]\n',
      errors: [
        { line: 2, column: 19, endColumn: 40 },
        { line: 3, column: 24, endColumn: 51 },
      ],
    },
    {
      kind: 'dockerfile',
      name: 'Dockerfile: a CMD whose program name is written with a JSON escape is read as dockerd',
      code: 'FROM docker:27-dind\nCMD ["\\u0064ockerd", "-H", "tcp://0.0.0.0:2375"]\n',
      errors: [{ line: 2, column: 22, endColumn: 48 }],
    },
    {
      kind: 'compose',
      name: 'Compose: dockerd as the command string, and flags passed to the dind entrypoint',
      code: 'services:\n  a:\n    image: docker:27-dind\n    command: dockerd -H tcp://0.0.0.0:2375\n  b:\n    image: docker:dind\n    command: ["-H", "tcp://0.0.0.0:2376"]\n',
      errors: [
        { line: 4, column: 22, endColumn: 43 },
        { line: 7, column: 15, endColumn: 41 },
      ],
    },
  ],
});
