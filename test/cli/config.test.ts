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
    assert.match(run.stderr, /^bulwark: broken\.yaml:\d+:\d+: error: The configuration is not valid YAML: .*Bulwark uses its defaults\.\n/);
    assert.deepEqual(report.files[0].findings.map((f) => f.ruleId), ['root-user', 'image-untagged', 'secret-in-env']);
  });

  it('a --config file that does not exist is a usage error', () => {
    const run = bulwark(['scan', '--config', 'nope.yaml'], { cwd: tree() });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cannot read the configuration nope\.yaml/);
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

  it('--profile wins over the configuration; a rule named in rules: wins over the profile', () => {
    assert.deepEqual(ruleIds(['--config', 'strict.yaml', '--profile', 'recommended']).ids, []);
    assert.deepEqual(ruleIds(['--config', 'one-rule.yaml']).ids, ['memory-limit-missing']);
    assert.ok(!ruleIds(['--config', 'strict-but.yaml']).ids.includes('memory-limit-missing'));
  });

  it('an unknown profile is located in the configuration, and a usage error on the command line', () => {
    const { stderr, ids } = ruleIds(['--config', 'typo.yaml']);
    assert.equal(stderr, 'bulwark: typo.yaml:1:10: error: profile must be one of recommended, strict (did you mean "strict"?); the default applies.\n');
    assert.deepEqual(ids, []);
    const run = bulwark(['scan', '--profile', 'paranoid'], { cwd: tree() });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /invalid value 'paranoid' for --profile: expected recommended or strict/);
  });
});
