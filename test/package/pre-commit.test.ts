/**
 * The pre-commit hook (.pre-commit-hooks.yaml), run by Debian's pre-commit package
 * (scripts/pre-commit-setup.sh installs it) with `pre-commit try-repo` on a temporary repository.
 * The hook runs the `bulwark` on the PATH (language: system): here the repository's own
 * bin/bulwark.js, linked as `bulwark`, stands in for `npm install -g bulwark`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { detectKind } from '../../rules';

const ROOT = path.resolve(__dirname, '../../..');
const TOKEN = `ghp_${'PLANTEDplanted0123'.repeat(2)}`;

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  require_serial?: boolean;
}

function hooks(): Hook[] {
  return parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
}

describe('the pre-commit hook', function () {
  this.timeout(300_000);
  let work: string;
  let repository: string;
  let env: NodeJS.ProcessEnv;

  const run = (command: string, args: readonly string[]) => {
    const result = spawnSync(command, args, { cwd: repository, env, encoding: 'utf8', timeout: 240_000 });
    if (result.error) throw result.error;
    return result;
  };
  const git = (...args: string[]) => {
    const result = run('git', args);
    assert.equal(result.status, 0, result.stderr);
  };
  const tryRepo = () => run('pre-commit', ['try-repo', ROOT, 'bulwark', '--all-files']);

  before(() => {
    const setup = spawnSync('bash', [path.join(ROOT, 'scripts', 'pre-commit-setup.sh')], { encoding: 'utf8', timeout: 600_000 });
    assert.equal(setup.status, 0, `scripts/pre-commit-setup.sh failed:\n${setup.stderr}`);
    work = mkdtempSync(path.join(tmpdir(), 'bulwark-pre-commit-'));
    const bin = path.join(work, 'bin');
    mkdirSync(bin);
    symlinkSync(path.join(ROOT, 'bin', 'bulwark.js'), path.join(bin, 'bulwark'));
    repository = path.join(work, 'repository');
    mkdirSync(path.join(repository, 'api'), { recursive: true });
    env = {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      // pre-commit's own cache and git's identity, inside the temporary folder.
      PRE_COMMIT_HOME: path.join(work, 'pre-commit-cache'),
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: work,
    };
    writeFileSync(path.join(repository, 'api', 'Dockerfile'), `FROM alpine:3.20\nENV API_TOKEN=${TOKEN}\nUSER 10001\nHEALTHCHECK NONE\n`);
    writeFileSync(path.join(repository, 'notes.md'), 'FROM in a note is not a Dockerfile\n');
    git('init', '-q');
    git('add', '.');
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('fails on a finding in a staged Dockerfile, showing it', () => {
    const result = tryRepo();
    const output = `${result.stdout}${result.stderr}`;
    assert.equal(result.status, 1, output);
    assert.match(output, /^bulwark\.+Failed$/m);
    assert.match(output, /api\/Dockerfile:2:5 {2}error {4}secret-in-env/);
    assert.ok(!output.includes(TOKEN), 'the secret is redacted');
    assert.doesNotMatch(output, /notes\.md/);
  });

  it('passes once the finding is fixed', () => {
    writeFileSync(path.join(repository, 'api', 'Dockerfile'), 'FROM alpine:3.20\nUSER 10001\nHEALTHCHECK NONE\n');
    git('add', '.');
    const result = tryRepo();
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /^bulwark\.+Passed$/m);
  });

  it('selects the files Bulwark lints, by the names the engine recognises', () => {
    const [hook] = hooks();
    assert.equal(hook.id, 'bulwark');
    assert.equal(hook.language, 'system');
    assert.equal(hook.require_serial, true);
    // pre-commit searches the path with Python's re; the pattern uses nothing JavaScript reads differently.
    const files = new RegExp(hook.files);
    const paths = [
      'Dockerfile',
      'api/Dockerfile.prod',
      'Containerfile',
      'build/app.Dockerfile',
      'x/y.containerfile',
      'compose.yaml',
      'deploy/docker-compose.prod.yml',
      'compose.override.yaml',
      'etc/docker/daemon.json',
      'systemd/docker.service',
      'docker.socket',
      'docker.service.d/override.conf',
      'README.md',
      'Dockerfiles/notes.txt',
      'composer.yaml',
      'src/compose.ts',
      'etc/daemon.json.bak',
      'override.conf',
      'conf.d/override.conf',
      'my.service.bak',
      '.devcontainer/devcontainer.json',
      '.devcontainer.json',
      '.devcontainer/python/devcontainer.json',
      '.devcontainer/devcontainer-lock.json',
      'scripts/build.sh',
      'Makefile',
      'mk/docker.mk',
      '.github/workflows/ci.yml',
      '.github/workflows/compose-lint.yaml',
      '.github/dependabot.yml',
      '.github/actions/setup/action.yml',
      '.gitlab-ci.yml',
      'copies/acme__api__Dockerfile',
      'deploy/docker-compose-prod.yml',
      'notes/transaction.yml',
      'tools/bin/deploy',
    ];
    for (const file of paths) assert.equal(files.test(file), detectKind(file) !== undefined, file);
  });
});
