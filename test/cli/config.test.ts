import * as assert from 'node:assert/strict';
import { scanJson, bulwark, useTree } from './helpers';

const DOCKERFILE = 'FROM node\nENV API_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyz12\n';

describe('bulwark scan: the project configuration', () => {
  const tree = useTree({
    '.bulwark.yaml': 'rules:\n  image-untagged: off\n  healthcheck-missing: off\n  root-user: error\nignore: [vendor/]\n',
    'app/Dockerfile': DOCKERFILE,
    'vendor/lib/Dockerfile': DOCKERFILE,
    'other.yaml': 'rules:\n  root-usr: off\n  healthcheck-missing: off\n',
    'broken.yaml': 'rules: [\n',
  });

  it('reads .bulwark.yaml of the current folder: severities, rules off, ignored files', () => {
    const { run, report } = scanJson(['.'], tree());
    assert.equal(run.stderr, '');
    assert.deepEqual(report.files.map((file) => file.path), ['app/Dockerfile']);
    assert.deepEqual(
      report.files[0].findings.map((f) => [f.ruleId, f.severity]),
      [
        ['root-user', 'error'],
        ['secret-in-env', 'error'],
      ],
    );
  });

  it('--config names another file; its problems are located on stderr and the rest applies', () => {
    const { run, report } = scanJson(['.', '--config', 'other.yaml'], tree());
    assert.equal(run.stderr, 'bulwark: other.yaml:2:3: warning: "root-usr" is not a rule id; did you mean "root-user"? It is ignored.\n');
    assert.deepEqual(report.files.map((file) => file.path), ['app/Dockerfile', 'vendor/lib/Dockerfile']);
    assert.ok(report.files[0].findings.some((f) => f.ruleId === 'image-untagged'));
  });

  it('a configuration that is not valid YAML is reported, and the defaults apply', () => {
    const { run, report } = scanJson(['app', '--config', 'broken.yaml'], tree());
    assert.match(run.stderr, /^bulwark: broken\.yaml:\d+:\d+: error: The configuration is not valid YAML: .*None of it applies until it is fixed\.\n/);
    assert.deepEqual(report.files[0].findings.map((f) => f.ruleId), ['root-user', 'image-untagged', 'secret-in-env']);
  });

  it('a --config file that does not exist is a usage error', () => {
    const run = bulwark(['scan', '--config', 'nope.yaml'], { cwd: tree() });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cannot read the configuration nope\.yaml/);
  });
});

describe('bulwark scan: configuration in a monorepo', () => {
  const ROOT_USER = 'FROM node\nUSER root\n';
  const tree = useTree({
    'shared/org.yaml': 'profile: strict\nrules:\n  root-user: error\n  healthcheck-missing: off\n  image-untagged: info\nsuppressions: { requireReason: true }\nignore: ["**"]\n',
    '.bulwark.yaml': 'extends: shared/org.yaml\nrules:\n  image-untagged: off\n',
    'services/api/.bulwark.yaml': 'extends: ../../.bulwark.yaml\nrules:\n  root-user: warning\nignore: [legacy/]\n',
    'services/api/Dockerfile': ROOT_USER,
    'services/api/legacy/Dockerfile': ROOT_USER,
    'services/api/deep/er/Dockerfile': `${ROOT_USER}# bulwark-ignore root-user\nUSER root\n`,
    'services/web/Dockerfile': ROOT_USER,
    'services/cycle/.bulwark.yml': 'extends: loop.yaml\n',
    'services/cycle/loop.yaml': 'rules:\n  root-user: info\nextends: .bulwark.yml\n',
    'services/cycle/Dockerfile': ROOT_USER,
    'services/missing/.bulwark.yaml': 'rules: { root-user: off }\nextends: ../nowhere.yaml\n',
    'services/missing/Dockerfile': ROOT_USER,
    'services/escape/.bulwark.yaml': 'extends: ../../../outside.yaml\n',
    'services/escape/Dockerfile': ROOT_USER,
  });

  const findingsByFile = (report: ReturnType<typeof scanJson>['report']) => Object.fromEntries(report.files.map((file) => [file.path, file.findings.map((f) => `${f.ruleId}:${f.severity}`)]));

  it('applies the nearest .bulwark.yaml to each file, with what it extends merged under it', () => {
    const { run, report } = scanJson(['.'], tree());
    assert.deepEqual(findingsByFile(report), {
      // Its own root-user: warning over the root's and the organisation's; the organisation's
      // profile (strict) with its healthcheck-missing: off, and the root's image-untagged: off, through two extends.
      'services/api/Dockerfile': ['root-user:warning'],
      // A folder without a file of its own gets the nearest one above; the requireReason policy is inherited.
      'services/api/deep/er/Dockerfile': ['invalid-suppression:info', 'root-user:warning'],
      // The cycle is cut where it closes: .bulwark.yml over loop.yaml.
      'services/cycle/Dockerfile': ['image-untagged:warning', 'root-user:info'],
      // What could not be followed is left out; the file's own settings apply.
      'services/escape/Dockerfile': ['image-untagged:warning', 'root-user:warning'],
      'services/missing/Dockerfile': ['image-untagged:warning'],
      'services/web/Dockerfile': ['root-user:error'],
    });
    // The nearest file's own ignore applies (legacy/), not the organisation's "**".
    assert.ok(!report.files.some((file) => file.path.includes('legacy')));
    assert.deepEqual(run.stderr.split('\n').filter(Boolean).sort(), [
      'bulwark: services/cycle/loop.yaml:3:10: error: extends makes a cycle (.bulwark.yml → loop.yaml → .bulwark.yml): it is not followed.',
      'bulwark: services/escape/.bulwark.yaml:1:10: error: extends names "../../../outside.yaml", outside the folder Bulwark reads configuration from: it is not followed.',
      'bulwark: services/missing/.bulwark.yaml:2:10: error: extends names "../nowhere.yaml", which cannot be read (no such file?): it is not followed.',
    ]);
  });

  it('searches no higher than the scanned folder', () => {
    const { report } = scanJson(['.'], `${tree()}/services/web`);
    assert.deepEqual(findingsByFile(report), { Dockerfile: ['image-untagged:warning', 'root-user:warning'] });
  });
});

describe('bulwark scan: profiles', () => {
  const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n    user: "10001"\n';
  const tree = useTree({
    'compose.yaml': COMPOSE,
    'strict.yaml': 'profile: strict\n',
    'one-rule.yaml': 'rules:\n  memory-limit-missing: warning\n',
    'strict-but.yaml': 'profile: strict\nrules:\n  memory-limit-missing: off\n',
    'typo.yaml': 'profile: stirct\n',
    'cis.yaml': 'profile: cis\n',
  });
  const ruleIds = (args: string[]) => {
    const { run, report } = scanJson(['compose.yaml', ...args], tree());
    return { stderr: run.stderr, ids: [...new Set(report.files.flatMap((file) => file.findings.map((f) => f.ruleId)))].sort() };
  };

  it('runs recommended by default: no hardening advice on a hardened service', () => {
    assert.deepEqual(ruleIds([]).ids, []);
  });

  it('profile: strict in the configuration, or --profile strict, runs the hardening advice', () => {
    const advice = ['cpu-limit-missing', 'healthcheck-missing', 'image-not-pinned-by-digest', 'memory-limit-missing', 'no-new-privileges-missing', 'pids-limit-missing', 'writable-root-filesystem'];
    assert.deepEqual(ruleIds(['--config', 'strict.yaml']).ids, advice);
    assert.deepEqual(ruleIds(['--profile', 'strict']).ids, advice);
  });

  it('profile: cis, or --profile cis, runs the advice the CIS Docker Benchmark recommends, not the rest of strict', () => {
    const cis = ['cpu-limit-missing', 'healthcheck-missing', 'memory-limit-missing', 'no-new-privileges-missing', 'pids-limit-missing', 'writable-root-filesystem'];
    assert.deepEqual(ruleIds(['--config', 'cis.yaml']).ids, cis);
    assert.deepEqual(ruleIds(['--profile', 'cis']).ids, cis);
  });

  it('--profile wins over the configuration; a rule named in rules: wins over the profile', () => {
    assert.deepEqual(ruleIds(['--config', 'strict.yaml', '--profile', 'recommended']).ids, []);
    assert.deepEqual(ruleIds(['--config', 'one-rule.yaml']).ids, ['memory-limit-missing']);
    assert.ok(!ruleIds(['--config', 'strict-but.yaml']).ids.includes('memory-limit-missing'));
  });

  it('an unknown profile is located in the configuration, and a usage error on the command line', () => {
    const { stderr, ids } = ruleIds(['--config', 'typo.yaml']);
    assert.equal(stderr, 'bulwark: typo.yaml:1:10: error: profile must be one of recommended, strict, cis (did you mean "strict"?); the default applies.\n');
    assert.deepEqual(ids, []);
    const run = bulwark(['scan', '--profile', 'paranoid'], { cwd: tree() });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /invalid value 'paranoid' for --profile: expected recommended, strict or cis/);
  });
});
