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
    assert.deepEqual(report.files[0].findings.map((f) => f.ruleId), ['healthcheck-missing', 'root-user', 'image-untagged', 'secret-in-env']);
  });

  it('a --config file that does not exist is a usage error', () => {
    const run = bulwark(['scan', '--config', 'nope.yaml'], { cwd: tree() });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cannot read the configuration nope\.yaml/);
  });
});
