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
      name: '!reset removes what the base sets',
      code: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n',
      files: { 'compose.override.yaml': 'services:\n  web:\n    cap_drop: !reset []\n' },
      errors: [{ line: 2, message: '(compose.override.yaml does not change it)' }],
    },
    {
      kind: 'compose',
      name: '!override replaces instead of appending',
      code: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n',
      files: { 'compose.override.yaml': 'services:\n  web:\n    cap_drop: !override [NET_RAW]\n' },
      errors: [{ line: 2, message: 'drops some capabilities but not ALL' }],
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
