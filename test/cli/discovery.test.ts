import * as assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { bulwark, CLEAN_DOCKERFILE, parseSarif, scanJson, useTree } from './helpers';

const CLEAN_COMPOSE = 'services: {}\n';

describe('bulwark scan: YAML and JSON files told by their start', () => {
  const tree = useTree({
    'copies/acme__api__github__workflows__ci.yml': 'name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker run --privileged alpine\n',
    'copies/acme__api__devcontainer.json': '{ "image": "mcr.microsoft.com/devcontainers/base:bookworm", "privileged": true }\n',
    'deploy/pipeline.yml': 'test:\n  script:\n    - docker run --net=host alpine\n',
    'dev/container.json': '{\n  "image": "mcr.microsoft.com/devcontainers/base:bookworm",\n  "runArgs": ["--privileged"],\n  "remoteUser": "vscode"\n}\n',
    'helm/values.yaml': 'services:\n  web:\n    image: nginx\n    privileged: true\n',
    'package.json': '{ "name": "x", "scripts": { "test": "docker run --privileged x" } }\n',
  });

  it('finds workflows, GitLab CI files and dev containers under other names, and leaves other YAML and JSON alone', () => {
    const { report } = scanJson(['.', '--profile', 'recommended'], tree());
    assert.deepEqual(
      report.files.map((file) => `${file.path} ${file.kind} ${file.findings.map((f) => f.ruleId).join(',')}`),
      [
        'copies/acme__api__devcontainer.json devcontainer privileged',
        'copies/acme__api__github__workflows__ci.yml ci privileged',
        'deploy/pipeline.yml ci host-namespace',
        'dev/container.json devcontainer privileged',
      ],
    );
  });
});

describe('bulwark scan: which files', () => {
  describe('a folder is searched recursively for the kinds detectKind knows', () => {
    const tree = useTree({
      'Dockerfile': CLEAN_DOCKERFILE,
      'Dockerfile.dev': CLEAN_DOCKERFILE,
      'Containerfile': CLEAN_DOCKERFILE,
      'api/api.dockerfile': CLEAN_DOCKERFILE,
      'api/worker.Dockerfile': CLEAN_DOCKERFILE,
      'deploy/compose.yaml': CLEAN_COMPOSE,
      'deploy/compose.prod.yaml': CLEAN_COMPOSE,
      'deploy/docker-compose.yml': CLEAN_COMPOSE,
      'deploy/docker-compose.override.yml': CLEAN_COMPOSE,
      'a/b/c/d/Dockerfile': CLEAN_DOCKERFILE,
      'etc/docker/daemon.json': '{}\n',
      'etc/systemd/system/docker.service': '[Service]\nExecStart=/usr/bin/dockerd --userns-remap=default\n',
      'etc/systemd/system/docker.service.d/override.conf': '[Service]\nLimitNOFILE=1048576\n',
      'a-b/Dockerfile': CLEAN_DOCKERFILE,
      '.devcontainer/devcontainer.json': '{ "image": "mcr.microsoft.com/devcontainers/base:bookworm" }\n',
      '.devcontainer/python/devcontainer.json': '{ "image": "mcr.microsoft.com/devcontainers/python:3.12" }\n',
      'tools/.devcontainer.json': '{ "image": "mcr.microsoft.com/devcontainers/base:bookworm" }\n',
      // Scripts, Makefiles and CI files, for the containers they start.
      'scripts/build.sh': 'docker build .\n',
      'Makefile': 'all:\n\techo\n',
      'bin/deploy': '#!/usr/bin/env bash\necho deploy\n',
      'bin/tool': '#!/usr/bin/env python3\nprint(1)\n',
      '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
      '.github/dependabot.yml': 'version: 2\n',
      '.gitlab-ci.yml': 'test:\n  script: [make]\n',
      // URI syntax in a folder name is just part of the name.
      'odd #1 %41/Dockerfile': 'FROM ubuntu:latest\nUSER 10001\nHEALTHCHECK NONE\n',
      // Not linted: other names, and files under node_modules and .git.
      'README.md': 'FROM ubuntu:latest\n',
      'docs/guide.md': 'FROM ubuntu:latest\n',
      'Dockerfile-notes.txt': 'FROM ubuntu:latest\n',
      'compose.json': '{}\n',
      '.devcontainer/devcontainer-lock.json': '{}\n',
      'features/src/x/devcontainer-feature.json': '{ "privileged": true }\n',
      'etc/nginx/conf.d/site.conf': 'server {}\n',
      'config.yaml': 'services: {}\n',
      'node_modules/pkg/Dockerfile': 'FROM ubuntu:latest\n',
      'web/node_modules/pkg/compose.yaml': 'services: {a: {image: redis}}\n',
      '.git/Dockerfile': 'FROM ubuntu:latest\n',
    });

    it('finds every file by name, in sorted order, skipping node_modules and .git', () => {
      const { run, report } = scanJson([], tree());
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(
        report.files.map((file) => `${file.path} ${file.kind}`),
        // Sorted by UTF-16 code units, segment by segment: capitals first, `a/...` before `a-b/...`.
        [
          '.devcontainer/devcontainer.json devcontainer',
          '.devcontainer/python/devcontainer.json devcontainer',
          '.github/workflows/ci.yml ci',
          '.gitlab-ci.yml ci',
          'Containerfile dockerfile',
          'Dockerfile dockerfile',
          'Dockerfile.dev dockerfile',
          'Makefile shell',
          'a/b/c/d/Dockerfile dockerfile',
          'a-b/Dockerfile dockerfile',
          'api/api.dockerfile dockerfile',
          'api/worker.Dockerfile dockerfile',
          'bin/deploy shell',
          'deploy/compose.prod.yaml compose',
          'deploy/compose.yaml compose',
          'deploy/docker-compose.override.yml compose',
          'deploy/docker-compose.yml compose',
          'etc/docker/daemon.json daemon',
          'etc/systemd/system/docker.service systemd',
          'etc/systemd/system/docker.service.d/override.conf systemd',
          'odd #1 %41/Dockerfile dockerfile',
          'scripts/build.sh shell',
          'tools/.devcontainer.json devcontainer',
        ],
      );
      assert.equal(report.summary.filesScanned, 23);
    });

    it('reports paths relative to the current folder, whatever folder was named', () => {
      const { report } = scanJson(['deploy'], tree());
      assert.deepEqual(report.files.map((file) => file.path), ['deploy/compose.prod.yaml', 'deploy/compose.yaml', 'deploy/docker-compose.override.yml', 'deploy/docker-compose.yml']);
      const fromInside = scanJson(['..'], join(tree(), 'api')).report;
      assert.ok(fromInside.files.some((file) => file.path === 'worker.Dockerfile'));
      assert.ok(fromInside.files.some((file) => file.path === '../deploy/compose.yaml'));
    });

    it('lists each file once when paths overlap, in path order whatever the argument order', () => {
      const { report } = scanJson(['deploy/compose.yaml', 'api', '.', 'api/api.dockerfile', './api/../api'], tree());
      assert.equal(report.files.length, 23);
      assert.equal(new Set(report.files.map((file) => file.path)).size, 23);
      assert.equal(report.files[0].path, '.devcontainer/devcontainer.json');
      assert.equal(report.files[4].path, 'Containerfile');
      assert.equal(report.files[8].path, 'a/b/c/d/Dockerfile');
    });

    it('recognises a file named explicitly in a folder whose name holds URI syntax, and percent-encodes it in SARIF', () => {
      const run = bulwark(['scan', '--format', 'sarif', 'odd #1 %41/Dockerfile'], { cwd: tree() });
      assert.equal(run.stderr, '');
      const log = parseSarif(run.stdout);
      assert.deepEqual(
        log.runs[0].results?.map((result) => result.locations?.[0].physicalLocation?.artifactLocation?.uri),
        ['odd%20%231%20%2541/Dockerfile'],
      );
      assert.match(bulwark(['scan', 'odd #1 %41/Dockerfile'], { cwd: tree() }).stdout, /^odd #1 %41\/Dockerfile:1:6 {2}warning {2}image-latest-tag/);
    });

    it('scans a folder inside node_modules when it is named explicitly', () => {
      const { report } = scanJson(['node_modules/pkg'], tree());
      assert.deepEqual(report.files.map((file) => file.path), ['node_modules/pkg/Dockerfile']);
    });

    it('lints a file named explicitly, and skips one of an unknown kind with a note', () => {
      const run = bulwark(['scan', 'README.md', 'api/worker.Dockerfile'], { cwd: tree() });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /^bulwark: skipped README\.md: it is none of a Dockerfile, a Compose file, a devcontainer\.json, daemon\.json, a systemd unit file, a shell script, a Makefile or a CI file$/m);
      assert.match(run.stdout, /^No findings; 1 file scanned$/m);
    });

    it('says so on stderr when nothing is found, and passes', () => {
      const run = bulwark(['scan', 'docs', 'README.md'], { cwd: tree() });
      assert.equal(run.status, 0);
      assert.match(run.stderr, /^bulwark: no Dockerfile, Compose file, devcontainer\.json, daemon\.json, unit file, script or CI file found in docs, README\.md$/m);
      assert.equal(run.stdout, 'No findings; 0 files scanned\n');
    });
  });

  describe('symbolic links', function () {
    const tree = useTree({ 'app/Dockerfile': 'FROM ubuntu:latest\nUSER 10001\n', 'shared/base.Dockerfile': CLEAN_DOCKERFILE });
    before(function () {
      if (process.platform === 'win32') this.skip();
      // A cycle (app/loop → app), a link to a folder, a link to a file.
      symlinkSync('..', join(tree(), 'app', 'loop'));
      mkdirSync(join(tree(), 'links'));
      symlinkSync(join(tree(), 'shared'), join(tree(), 'links', 'shared-folder'));
      symlinkSync(join('..', 'shared', 'base.Dockerfile'), join(tree(), 'links', 'Dockerfile'));
    });

    it('follows links to files, not links to folders, so a cycle ends', () => {
      const { run, report } = scanJson(['--fail-on', 'never'], tree());
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(report.files.map((file) => file.path), ['app/Dockerfile', 'links/Dockerfile', 'shared/base.Dockerfile']);
      assert.deepEqual(report.files[1].findings, []);
    });

    it('follows a linked folder named explicitly', () => {
      const { report } = scanJson(['links/shared-folder'], tree());
      assert.deepEqual(report.files.map((file) => file.path), ['links/shared-folder/base.Dockerfile']);
    });
  });
});
