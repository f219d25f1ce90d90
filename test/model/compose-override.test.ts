import * as assert from 'node:assert/strict';
import { lint, type Finding } from '../../rules';
import { PROJECT, ruleTester } from '../helpers/rule-tester';
import { memoryWorkspace } from '../helpers/memory-workspace';

const BASE = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    ports: ["80:80"]\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n';

/** Lints one file of a project whose other files are given, keeping the findings of the listed rules. */
function findingsOf(filename: string, text: string, files: Record<string, string>, ruleIds: string[]): Finding[] {
  const located = new Map(Object.entries(files).map(([path, content]) => [PROJECT + path, content]));
  return lint({ uri: PROJECT + filename, text }, { workspace: memoryWorkspace(Object.fromEntries(located)) }).findings.filter((f) => ruleIds.includes(f.ruleId));
}

describe('override files: the base is linted with the override merged in', () => {
  it('a finding the override fixes is not reported; one it leaves says so', () => {
    const override = 'services:\n  web:\n    privileged: false\n    ports: ["127.0.0.1:8080:8080"]\n';
    const found = findingsOf('compose.yaml', BASE, { 'compose.override.yaml': override }, ['privileged', 'port-bound-to-all-interfaces', 'docker-socket-mount']);
    assert.deepEqual(found.map((f) => [f.ruleId, f.range.start.line + 1]), [['port-bound-to-all-interfaces', 5], ['docker-socket-mount', 7]]);
    for (const finding of found) assert.match(finding.message, /\(compose\.override\.yaml does not change it\)$/);
  });

  for (const [base, override] of [
    ['docker-compose.yml', 'docker-compose.override.yml'],
    ['compose.yml', 'compose.override.yaml'],
    ['compose.yaml', 'docker-compose.override.yml'],
    ['docker-compose.yaml', 'compose.override.yml'],
  ]) {
    it(`${base} pairs with ${override}`, () => {
      const found = findingsOf(base, BASE, { [override]: 'services:\n  web:\n    privileged: false\n' }, ['privileged', 'docker-socket-mount']);
      assert.deepEqual(found.map((f) => f.ruleId), ['docker-socket-mount']);
      assert.ok(found[0].message.endsWith(`(${override} does not change it)`));
    });
  }

  it('other names do not pair: a compose.prod.yaml is linted alone', () => {
    const found = findingsOf('compose.prod.yaml', BASE, { 'compose.override.yaml': 'services:\n  web:\n    privileged: false\n' }, ['privileged']);
    assert.equal(found.length, 1);
    assert.ok(!found[0].message.includes('does not change it'));
  });

  it('a service the override does not define keeps its plain message', () => {
    const found = findingsOf('compose.yaml', 'services:\n  db:\n    image: postgres:16\n    privileged: true\n', { 'compose.override.yaml': 'services:\n  web:\n    image: nginx:1.27\n' }, ['privileged']);
    assert.equal(found.length, 1);
    assert.ok(!found[0].message.includes('does not change it'));
  });

  it('a bad value the override brings is the override\'s finding, not the base\'s', () => {
    const files = { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: false\n' };
    const override = 'services:\n  web:\n    privileged: true\n';
    assert.deepEqual(findingsOf('compose.yaml', files['compose.yaml'], { 'compose.override.yaml': override }, ['privileged']), []);
    const inOverride = findingsOf('compose.override.yaml', override, files, ['privileged']);
    assert.deepEqual(inOverride.map((f) => f.range.start.line + 1), [3]);
  });
});

ruleTester('cap-drop-missing', {
  valid: [
    { kind: 'compose', name: 'the base does not report what the override\'s !reset removes', code: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n', files: { 'compose.override.yaml': 'services:\n  web:\n    cap_drop: !reset []\n' } },
    { kind: 'compose', name: 'the base does not report what the override\'s !override replaces', code: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n', files: { 'compose.override.yaml': 'services:\n  web:\n    cap_drop: !override [NET_RAW]\n' } },
    { kind: 'compose', name: 'the override drops ALL', code: 'services:\n  web:\n    image: nginx:1.27\n', files: { 'compose.override.yaml': 'services:\n  web:\n    cap_drop: [ALL]\n' } },
    { kind: 'compose', name: 'sequences append: the override adds ALL to a partial list', code: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [NET_RAW]\n', files: { 'compose.override.yaml': 'services:\n  web:\n    cap_drop: [ALL]\n' } },
    {
      kind: 'compose',
      name: 'linting the override: a service of the base is the base\'s to report',
      filename: 'compose.override.yaml',
      code: 'services:\n  web:\n    environment:\n      DEBUG: "1"\n',
      files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' },
    },
  ],
  invalid: [
    {
      kind: 'compose',
      name: '!reset removing what the base sets is the override\'s finding, at its line, saying so',
      filename: 'compose.override.yaml',
      code: 'services:\n  web:\n    cap_drop: !reset []\n',
      files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n' },
      errors: [{ line: 3, column: 5, message: 'keeps Docker\'s default Linux capabilities', notMessage: 'does not change it' }],
    },
    {
      kind: 'compose',
      name: '!override replacing the base\'s list is the override\'s finding, at its line',
      filename: 'compose.override.yaml',
      code: 'services:\n  web:\n    cap_drop: !override [NET_RAW]\n',
      files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n' },
      errors: [{ line: 3, column: 5, message: 'drops some capabilities but not ALL' }],
    },
    {
      kind: 'compose',
      name: 'linting the override: a service it adds is its own',
      filename: 'compose.override.yaml',
      code: 'services:\n  web:\n    environment:\n      DEBUG: "1"\n  debug:\n    image: busybox:1.36\n',
      files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' },
      errors: [{ line: 5 }],
    },
  ],
});

ruleTester('docker-socket-mount', {
  valid: [
    {
      kind: 'compose',
      name: 'volumes merge by target: the override mounts something else there',
      code: 'services:\n  agent:\n    image: agent:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
      files: { 'compose.override.yaml': 'services:\n  agent:\n    volumes:\n      - type: volume\n        source: proxy\n        target: /var/run/docker.sock\n' },
    },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'another target appends',
      code: 'services:\n  agent:\n    image: agent:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
      files: { 'compose.override.yaml': 'services:\n  agent:\n    volumes:\n      - ./data:/data\n' },
      errors: [{ line: 5, column: 9, message: '(compose.override.yaml does not change it)' }],
    },
  ],
});

ruleTester('port-bound-to-all-interfaces', {
  valid: [
    { kind: 'compose', name: 'ports: !reset', code: 'services:\n  web:\n    image: nginx:1.27\n    ports: ["80:80"]\n', files: { 'compose.override.yaml': 'services:\n  web:\n    ports: !reset []\n' } },
    { kind: 'compose', name: 'ports: !override', code: 'services:\n  web:\n    image: nginx:1.27\n    ports: ["80:80"]\n', files: { 'compose.override.yml': 'services:\n  web:\n    ports: !override ["127.0.0.1:80:80"]\n' } },
  ],
  invalid: [],
});

ruleTester('secret-in-env', {
  valid: [
    {
      kind: 'compose',
      name: 'environment: a list and a map merge by name; the override replaces the secret',
      code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=hunter2hunter2\n',
      files: { 'compose.override.yaml': 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      POSTGRES_PASSWORD: ""\n' },
    },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'environment: a variable the override leaves',
      code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=hunter2hunter2\n',
      files: { 'compose.override.yaml': 'services:\n  db:\n    environment:\n      DEBUG: "1"\n' },
      errors: [{ line: 5, message: 'does not change it' }],
    },
  ],
});

ruleTester('root-user', {
  valid: [],
  invalid: [
    {
      kind: 'compose',
      name: 'linting the override: a value it sets is reported there',
      filename: 'compose.override.yaml',
      code: 'services:\n  web:\n    user: root\n',
      files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    user: "101"\n' },
      errors: [{ line: 3, column: 11 }],
    },
  ],
});

describe('override files: which findings say the override was read', () => {
  it('only those in a service the override defines, not the service after it', () => {
    const base = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n\n  db:\n    image: postgres:16\n    privileged: true\n';
    const found = findingsOf('compose.yaml', base, { 'compose.override.yaml': 'services:\n  web:\n    environment: {A: "1"}\n' }, ['privileged', 'memory-limit-missing']);
    assert.deepEqual(
      found.map((f) => [f.ruleId, f.range.start.line + 1, f.message.endsWith('(compose.override.yaml does not change it)')]),
      [['memory-limit-missing', 2, true], ['privileged', 4, true], ['memory-limit-missing', 6, false], ['privileged', 8, false]],
    );
  });
});

describe('override files: the problems the override brings are its own', () => {
  const base = 'services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    cap_drop: [ALL]\n    security_opt: ["no-new-privileges:true"]\n    cap_add: [SYS_ADMIN]\n    devices: ["/dev/mem:/dev/probe"]\n    mem_limit: 256m\n    healthcheck: {test: ["CMD", "true"]}\n';
  const override = 'services:\n  web:\n    read_only: false\n    cap_drop: !reset []\n    security_opt: !override [apparmor:unconfined]\n    cap_add: [SYS_ADMIN]\n    devices: ["/dev/null:/dev/probe"]\n    mem_limit: !reset\n    healthcheck: !reset {}\n';
  const rules = ['writable-root-filesystem', 'cap-drop-missing', 'no-new-privileges-missing', 'dangerous-cap-add', 'host-device-mapped', 'memory-limit-missing', 'healthcheck-missing'];

  it('the base reports none of them, and keeps the capability both files add', () => {
    const found = findingsOf('compose.yaml', base, { 'compose.override.yaml': override }, rules);
    assert.deepEqual(found.map((f) => [f.ruleId, f.range.start.line + 1]), [['dangerous-cap-add', 7]]);
  });

  it('the override reports each on its own line, with a message that says what it did', () => {
    const found = findingsOf('compose.override.yaml', override, { 'compose.yaml': base }, rules);
    const byRule = new Map(found.map((f) => [f.ruleId, f]));
    assert.deepEqual(
      found.map((f) => [f.ruleId, f.range.start.line + 1]).sort(),
      [
        ['cap-drop-missing', 4],
        ['dangerous-cap-add', 6],
        ['healthcheck-missing', 9],
        ['host-device-mapped', 7],
        ['memory-limit-missing', 8],
        ['no-new-privileges-missing', 5],
        ['writable-root-filesystem', 3],
      ],
    );
    for (const finding of found) assert.ok(!finding.message.includes('does not change it'), finding.message);
    assert.match(byRule.get('writable-root-filesystem')!.message, /sets read_only to false/);
    assert.match(byRule.get('cap-drop-missing')!.message, /the !reset here removes the cap_drop the other file sets/);
    assert.match(byRule.get('no-new-privileges-missing')!.message, /the !override here replaces the security_opt the other file sets/);
    // The device the override maps replaces the base's at the same target: /dev/mem is no longer mapped.
    assert.match(byRule.get('host-device-mapped')!.message, /\/dev\/null/);
  });

  it('devices merge by target: a later mapping replaces the one at the same container path, in the base too', () => {
    const found = findingsOf('compose.yaml', base, { 'compose.override.yaml': 'services:\n  web:\n    devices:\n      - source: /dev/null\n        target: /dev/probe\n' }, ['host-device-mapped']);
    assert.deepEqual(found, []);
    const kept = findingsOf('compose.yaml', base, { 'compose.override.yaml': 'services:\n  web:\n    devices: ["/dev/null:/dev/other"]\n' }, ['host-device-mapped']);
    assert.deepEqual(kept.map((f) => f.range.start.line + 1), [8]);
    const longSyntax = findingsOf('compose.override.yaml', 'services:\n  web:\n    devices:\n      - source: /dev/kmsg\n        target: /dev/probe\n', { 'compose.yaml': base }, ['host-device-mapped']);
    assert.deepEqual(longSyntax.map((f) => [f.range.start.line + 1, f.range.start.character + 1]), [[4, 17]]);
  });
});
