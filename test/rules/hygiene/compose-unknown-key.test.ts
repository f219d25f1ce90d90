import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('compose-unknown-key', {
  valid: [
    { kind: 'compose', code: service('    cap_drop: [ALL]\n    read_only: true\n    security_opt: ["no-new-privileges:true"]\n') },
    {
      kind: 'compose',
      name: 'nested keys the specification knows, long and short syntax',
      code: service(
        '    build:\n      context: .\n      args: {A: "1"}\n      entitlements: [network.host]\n    deploy:\n      resources:\n        limits: {memory: 1g, pids: 100}\n      restart_policy: {condition: on-failure}\n    volumes:\n      - ./a:/a:ro\n      - type: bind\n        source: ./b\n        target: /b\n        bind: {propagation: rprivate}\n    ports:\n      - target: 80\n        published: "8080"\n        host_ip: 127.0.0.1\n    healthcheck: {test: ["CMD", "true"], interval: 10s}\n    logging: {driver: json-file, options: {max-size: 10m}}\n    environment: {ANY_NAME: x}\n    labels: [a=b]\n    post_start: [{command: ./x, user: root}]\n',
      ),
    },
    {
      kind: 'compose',
      name: 'x- extensions anywhere the specification allows them, and names of services, networks and volumes',
      code: 'x-common: &common\n  anything: goes\nservices:\n  my.web-1:\n    <<: *common\n    image: nginx:1.27\n    x-notes: free\nnetworks:\n  back_end: {driver: bridge, x-team: a}\nvolumes:\n  data: {driver_opts: {type: none, o: bind, device: /srv}}\nsecrets:\n  token: {file: ./token}\n'.replace('  anything: goes\n', '  restart: always\n'),
    },
    { kind: 'compose', name: 'a legacy file without services is not checked', code: 'web:\n  image: nginx:1.27\n  cap_dorp: [ALL]\n' },
    { kind: 'compose', name: 'an empty file', code: '' },
    { kind: 'compose', name: 'invalid YAML is a parse error, not a list of unknown keys', code: 'services:\n  web:\n    image: nginx:1.27\n    cap_dorp: [ALL\n' },
    { kind: 'compose', name: 'include, name, version and models at the top level', code: 'name: app\nversion: "3.9"\ninclude: [other.yaml]\nservices:\n  web:\n    image: nginx:1.27\n    models: [llm]\nmodels:\n  llm: {model: ai/smollm2}\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'no rename to a key the mapping already has',
      code: service('    read_only: false\n    readonly: true\n'),
      errors: [{ line: 5, message: 'Did you mean "read_only"?' }],
      output: service('    read_only: false\n    readonly: true\n'),
    },
    {
      kind: 'compose',
      name: 'keys of the old file formats name what replaced them, without a rename',
      code: service('    net: host\n    log_driver: syslog\n'),
      errors: [{ line: 4, message: 'use network_mode instead', notMessage: 'Did you mean' }, { line: 5, message: 'use logging.driver instead' }],
      output: service('    net: host\n    log_driver: syslog\n'),
    },
    {
      kind: 'compose',
      name: 'misspelt hardening keys in a service, with the nearest key, renamed by the fix',
      code: service('    cap_dorp: [ALL]\n    readonly: true\n'),
      errors: [
        { line: 4, column: 5, endColumn: 13, message: '"cap_dorp" is not a Compose key in services.web', severity: 'warning' },
        { line: 5, column: 5, message: 'Did you mean "read_only"?' },
      ],
      output: service('    cap_drop: [ALL]\n    read_only: true\n'),
    },
    {
      kind: 'compose',
      name: 'every level: top level, build, deploy, a long-syntax volume, a network, a volume, a hook',
      code:
        'service:\n  x: 1\nservices:\n  web:\n    image: nginx:1.27\n    build:\n      context: .\n      privilegd: true\n    deploy:\n      resources:\n        limts: {memory: 1g}\n    volumes:\n      - type: bind\n        source: ./a\n        target: /a\n        readonly: true\n    pre_stop:\n      - command: ./x\n        privleged: true\nnetworks:\n  back: {drivr: bridge}\nvolumes:\n  data: {externl: true}\n',
      errors: [
        { line: 1, message: '"service" is not a Compose key at the top level: docker compose rejects the file, and a tool that does not validate it ignores the key, so what it was meant to set is not set. Did you mean "services"?' },
        { line: 8, message: 'in services.web.build: docker compose rejects the file' },
        { line: 11, message: 'Did you mean "limits"?' },
        { line: 16, message: 'Did you mean "read_only"?' },
        { line: 19, message: 'Did you mean "privileged"?' },
        { line: 21, message: 'in networks.back' },
        { line: 23, message: 'Did you mean "external"?' },
      ],
    },
    {
      kind: 'compose',
      name: 'a key merged in from an anchor is reported where the service uses it, the definition related; quoted keys are not renamed',
      code: 'x-base: &base\n  cap_dorp: [ALL]\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n    "securty_opt": []\n',
      errors: [
        { line: 5, column: 5, message: '"cap_dorp"', related: [{ line: 2 }] },
        { line: 7, message: 'Did you mean "security_opt"?' },
      ],
      output: 'x-base: &base\n  cap_dorp: [ALL]\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n    "securty_opt": []\n',
    },
    {
      kind: 'compose',
      name: 'a key far from any known one: no guess',
      code: service('    zzzzzzzz: 1\n'),
      errors: [{ line: 4, message: 'Remove it, or name it x-' }],
    },
  ],
});

describe('the Compose Specification schema', () => {
  it('is the one the dclint package ships, unchanged', () => {
    const root = path.join(__dirname, '..', '..', '..', '..');
    const vendored = readFileSync(path.join(root, 'schemas', 'compose-spec', 'compose-spec.json'), 'utf8');
    const shipped = readFileSync(path.join(path.dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json'), 'utf8');
    assert.deepEqual(JSON.parse(vendored), JSON.parse(shipped));
  });
});
