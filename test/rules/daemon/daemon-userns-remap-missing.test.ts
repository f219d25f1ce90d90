import { ruleTester } from '../../helpers/rule-tester';

ruleTester('daemon-userns-remap-missing', {
  valid: [
    { kind: 'daemon', name: 'remapped', code: '{\n  "userns-remap": "default"\n}\n' },
    { kind: 'systemd', name: '--userns-remap given', code: '[Service]\nExecStart=/usr/bin/dockerd -H fd:// --userns-remap=default\n' },
    { kind: 'systemd', name: '--userns-remap with a separate value', code: '[Service]\nExecStart=/usr/bin/dockerd --userns-remap dockremap:dockremap\n' },
    { kind: 'systemd', name: 'flags from a variable may hold it', code: '[Service]\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/bin/dockerd $DOCKER_OPTS\n' },
    { kind: 'systemd', name: 'the flag in the unit\'s own Environment=', code: '[Service]\nEnvironment=USERNS=--userns-remap=default\nExecStart=/usr/bin/dockerd ${USERNS}\n' },
    { kind: 'systemd', name: 'a unit that does not run dockerd', code: '[Service]\nExecStart=/usr/sbin/nginx -g "daemon off;"\n' },
    { kind: 'systemd', name: 'a drop-in that only adds settings', code: '[Service]\nEnvironment="HTTP_PROXY=http://proxy:3128"\n' },
    { kind: 'systemd', name: 'an ExecStart outside any section is ignored, as systemd does', code: 'ExecStart=/usr/bin/dockerd\n' },
    { kind: 'systemd', name: 'ExecStartPre is not the daemon', code: '[Service]\nExecStartPre=/usr/bin/dockerd --validate\n' },
  ],
  invalid: [
    { kind: 'daemon', name: 'missing', code: '{\n  "debug": true\n}\n', errors: [{ line: 1, column: 1, endColumn: 2, message: 'not set', severity: 'info' }] },
    { kind: 'daemon', name: 'empty', code: '{\n  "userns-remap": ""\n}\n', errors: [{ line: 1, message: 'empty' }] },
    { kind: 'systemd', name: 'dockerd without the flag: at the program', code: '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n', errors: [{ line: 2, column: 11, endColumn: 27, message: 'without --userns-remap' }] },
    { kind: 'systemd', name: 'after the prefixes of ExecStart', code: '[Service]\nExecStart=-/usr/bin/dockerd\n', errors: [{ line: 2, column: 12, endColumn: 28 }] },
    { kind: 'systemd', name: 'the old docker daemon', code: '[Service]\nExecStart=/usr/bin/docker daemon -H fd://\n', errors: [{ line: 2, column: 11 }] },
    { kind: 'systemd', name: 'the older docker -d', code: '[Service]\nExecStart=/usr/local/bin/docker -d\n', errors: [{ line: 2, column: 11 }] },
    { kind: 'systemd', name: 'the rootless wrapper', code: '[Service]\nExecStart=/usr/bin/dockerd-rootless.sh\n', errors: [{ line: 2 }] },
    { kind: 'systemd', name: 'only the ExecStart after the last reset counts', code: '[Service]\nExecStart=/usr/bin/dockerd --userns-remap=default\nExecStart=\nExecStart=/usr/bin/dockerd\n', errors: [{ line: 4 }] },
    { kind: 'systemd', name: 'variables of the unit\'s Environment= are read', code: '[Service]\nEnvironment=OPTS=-H\\ fd://\nExecStart=/usr/bin/dockerd $OPTS\n', errors: [{ line: 3, column: 11 }] },
    { kind: 'systemd', name: '$$ is a literal dollar, not a variable', code: '[Service]\nExecStart=/usr/bin/dockerd --label cost=$$5\n', errors: [{ line: 2 }] },
  ],
});
