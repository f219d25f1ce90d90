import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../../rules';
import { bulwark, parseSarif, REPO_ROOT, sarifSchemaErrors, scanJson } from './helpers';

describe('bulwark scan examples/', () => {
  it('reports every rule in webapp/ and nothing in hardened/ with the strict profile', () => {
    // Trusting only Docker Hub's official images brings in image-untrusted-registry, off without a list.
    const { run, report } = scanJson(['examples/', '--profile', 'strict', '--trusted-registry', 'docker.io/library'], REPO_ROOT);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stderr, '');
    const rulesByFile = Object.fromEntries(report.files.map((file) => [file.path, [...new Set(file.findings.map((f) => f.ruleId))].sort()]));
    assert.deepEqual(rulesByFile, {
      'examples/daemon/etc/docker/daemon.json': [
        'daemon-icc-enabled',
        'daemon-insecure-registry',
        'daemon-no-new-privileges-missing',
        'daemon-unknown-key',
        'daemon-userns-remap-missing',
        'docker-daemon-tcp-unencrypted',
      ],
      'examples/daemon/etc/systemd/system/docker.service.d/override.conf': ['daemon-flag-conflict', 'daemon-icc-enabled', 'daemon-userns-remap-missing'],
      'examples/hardened/Dockerfile': [],
      'examples/hardened/compose.yaml': [],
      'examples/hardened/etc/docker/daemon.json': [],
      'examples/hardened/etc/systemd/system/docker.service.d/override.conf': [],
      'examples/webapp/.devcontainer/devcontainer.json': [
        'cpu-limit-missing',
        'dangerous-cap-add',
        'host-namespace',
        'memory-limit-missing',
        'pids-limit-missing',
        'privileged',
        'root-user',
        'secret-in-env',
        'sensitive-host-mount',
        'writable-root-filesystem',
      ],
      'examples/webapp/.github/workflows/ci.yml': ['cpu-limit-missing', 'memory-limit-missing', 'pids-limit-missing', 'privileged', 'writable-root-filesystem'],
      'examples/webapp/Dockerfile': [
        'add-instead-of-copy',
        'add-remote-url',
        'content-trust-disabled',
        'healthcheck-missing',
        'image-latest-tag',
        'pipe-to-shell',
        'pipefail-missing',
        'pkg-extra-packages',
        'pkg-update-alone',
        'pkg-version-unpinned',
        'root-user',
        'secret-file-copied',
        'secret-in-arg',
        'secret-in-build-context',
        'secret-in-env',
        'secret-in-run',
        'secret-persists-in-layer',
        'ssh-port-exposed',
        'sudo-in-run',
        'tls-verification-disabled',
        'world-writable-permissions',
      ],
      'examples/webapp/compose.yaml': [
        'cap-drop-missing',
        'compose-unknown-key',
        'cpu-limit-missing',
        'dangerous-cap-add',
        'docker-daemon-tcp-unencrypted',
        'docker-socket-mount',
        'healthcheck-missing',
        'host-device-mapped',
        'host-namespace',
        'image-not-pinned-by-digest',
        'image-untagged',
        'image-untrusted-registry',
        'logging-disabled',
        'memory-limit-missing',
        'mount-propagation-shared',
        'no-new-privileges-missing',
        'pids-limit-missing',
        'port-bound-to-all-interfaces',
        'privileged',
        'root-user',
        'secret-in-env',
        'security-profile-disabled',
        'sensitive-host-mount',
        'ssh-port-exposed',
        'tmpfs-exec',
        'writable-root-filesystem',
      ],
      'examples/webapp/scripts/dev-db.sh': [
        'cap-drop-missing',
        'cpu-limit-missing',
        'docker-socket-mount',
        'memory-limit-missing',
        'no-new-privileges-missing',
        'pids-limit-missing',
        'port-bound-to-all-interfaces',
        'secret-in-env',
        'writable-root-filesystem',
      ],
    });
    const shown = new Set(report.files.flatMap((file) => file.findings.map((f) => f.ruleId)));
    // The online rules report only with answers from a registry: the online tests show them.
    for (const rule of rules) if (!rule.online) assert.ok(shown.has(rule.id), `the examples show no ${rule.id} finding`);
  });

  it('passes on the hardened example at every level, in the strict profile', () => {
    const run = bulwark(['scan', 'examples/hardened', '--profile', 'strict', '--fail-on', 'info', '--trusted-registry', 'docker.io/library']);
    assert.equal(run.status, 0, run.stdout);
    assert.equal(run.stdout, 'No findings; 4 files scanned\n');
  });

  it('writes a valid SARIF log without the example secrets in clear', () => {
    const run = bulwark(['scan', 'examples', '--format', 'sarif']);
    assert.equal(run.status, 1);
    assert.deepEqual(sarifSchemaErrors(parseSarif(run.stdout)), []);
    const token = /ghp_\w+/.exec(readFileSync(join(REPO_ROOT, 'examples', 'webapp', 'Dockerfile'), 'utf8'))?.[0];
    assert.ok(token, 'the example Dockerfile holds a token-shaped value');
    const devToken = /ghp_\w+/.exec(readFileSync(join(REPO_ROOT, 'examples', 'webapp', '.devcontainer', 'devcontainer.json'), 'utf8'))?.[0];
    assert.ok(devToken, 'the example dev container holds a token-shaped value');
    for (const secret of [token, devToken, 'example-password', 'devpassword']) assert.ok(!run.stdout.includes(secret), `SARIF shows ${secret}`);
  });

  it('describes each example file in examples/README.md', () => {
    const readme = readFileSync(join(REPO_ROOT, 'examples', 'README.md'), 'utf8');
    const { report } = scanJson(['examples'], REPO_ROOT);
    for (const file of report.files) assert.ok(readme.includes(`\`${file.path.replace(/^examples\//, '')}\``), `README.md does not describe ${file.path}`);
  });
});
