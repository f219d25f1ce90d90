import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lint, ruleById } from '../../rules';

/**
 * The scripts, Makefiles and CI files of the surfaces corpus (`../shared/corpus/surfaces/docker-run`,
 * beside the repository; skipped without it), labelled by reading each file against the catalog:
 * the risky settings of the containers it starts, as `rule@line` (1-based, where the rule anchors).
 * A file without a label starts no container with a risky setting Bulwark can read. Labels of rules
 * that do not judge scripts or CI files yet are kept: they are checked as soon as the rule does.
 */
const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'surfaces', 'docker-run');

const LABELS: Record<string, string[]> = {
  '30x__dqs__docker-run.sh': ['secret-in-env@1'],
  '3mdeb__isar__docker-run.sh': ['privileged@4'],
  // `-v $HOME/.ssh:...` is the user's ~/.ssh; `$REALTIME_FLAG` (`--privileged -v /dev:/dev`) is set
  // under a `case` of getopts, only when asked for: unknown.
  'ADVRHumanoids__forest__docker-run.sh': ['sensitive-host-mount@80', 'host-namespace@82'],
  'RPi-Distro__pi-gen__build-docker.sh': ['privileged@146'],
  // `-v /:/run/host` holds the engine's socket too.
  'containers__bootc__github__workflows__ci.yml': ['privileged@83', 'host-namespace@83', 'docker-socket-mount@83', 'sensitive-host-mount@83'],
  'containers__bootc__hack__lldb__deploy.sh': ['host-namespace@14', 'host-namespace@14', 'privileged@14'],
  'containrrr__watchtower__scripts__dependency-test.sh': ['docker-socket-mount@66'],
  'containrrr__watchtower__scripts__docker-util.sh': [],
  'coreos__coreos-assembler__tmt__tests__utils.sh': ['security-profile-disabled@9', 'privileged@9', 'host-device-mapped@10', 'host-device-mapped@11'],
  // tonistiigi/binfmt registers QEMU handlers: privileged for that purpose, reported as info.
  'devcontainers__cli__github__workflows__dev-containers.yml': [],
  'docker__docker-language-server__github__workflows__build.yml': ['docker-socket-mount@93'],
  // Its `docker run ... --network host -v /var/run/docker.sock:...` is a string kept in a variable
  // for another program to run.
  'dotnet__aspire__github__workflows__daily-repo-status.lock.yml': ['host-namespace@619', 'docker-socket-mount@619'],
  'home-assistant__builder__action.yml': ['privileged@57', 'docker-socket-mount@58', 'sensitive-host-mount@59'],
  // Its Docker-in-Docker image is `docker:${docker_version}-dind`: the tag is unknown, the image is not.
  'home-assistant__operating-system__buildroot-external__package__hassio__create-data-partition.sh': ['privileged@27', 'docker-daemon-tcp-unencrypted@27'],
  'home-assistant__operating-system__github__actions__haos-builder-command__action.yml': ['privileged@15'],
  'home-assistant__operating-system__scripts__enter.sh': ['privileged@26'],
  // multiarch/qemu-user-static: privileged for its known purpose, info.
  'jenkinsci__docker__Makefile': [],
  'kubernetes-sigs__kind__hack__build__init-buildx.sh': [],
  'kubernetes-sigs__kind__site__static__examples__kind-with-registry.sh': [],
  'mendersoftware__integration__gitlab-ci-full-integration-template.yml': [],
  'microsoft__vscode-dev-containers__github__actions__smoke-test__test.sh': ['privileged@34'],
  'opencontainers__runc__Makefile': [
    'privileged@133', 'privileged@158', 'sensitive-host-mount@159', 'privileged@170', 'sensitive-host-mount@171', 'privileged@182', 'privileged@194',
  ],
  'osbuild__osbuild__github__workflows__test-on-centos.yml': ['privileged@26'],
  'testcontainers__testcontainers-go__Makefile': [],
  'tmatens__compose-lint__github__workflows__ci.yml': [],
  'yongs2__golang-exercise__11.database__01.mariadb__docker_mariadb.sh': ['secret-in-env@10'],
  'yongs2__golang-exercise__docker_golang.sh': ['privileged@1', 'docker-socket-mount@3'],
  'zavoloklom__docker-compose-linter__Makefile': ['host-namespace@36'],
};

/** Whether a rule judges the containers of scripts and CI files yet. */
const judgesRunLines = (ruleId: string) => ruleById(ruleId)?.kinds.includes('shell') ?? false;

describe('scripts, Makefiles and CI files of the surfaces corpus', function () {
  if (!existsSync(CORPUS)) {
    it.skip('needs ../shared/corpus/surfaces/docker-run');
    return;
  }
  const files = readdirSync(CORPUS).sort();
  const lintFile = (name: string, profile: 'recommended' | 'strict') => {
    const kind = /\.ya?ml$/.test(name) ? 'ci' : 'shell';
    const uri = `file:///corpus/${name.endsWith('Makefile') ? 'Makefile' : name}`;
    return lint({ uri, text: readFileSync(path.join(CORPUS, name), 'utf8'), kind }, { profile }).findings;
  };

  it('labels every file of the corpus', () => {
    assert.deepEqual(files, Object.keys(LABELS).sort());
  });

  it('lints every file without a parse or internal error', () => {
    for (const name of files) {
      assert.deepEqual(lintFile(name, 'strict').filter((f) => f.ruleId === 'parse-error' || f.ruleId === 'internal-error').map((f) => f.message), [], name);
    }
  });

  it('reports each labelled risky setting by default, and no error or warning that is not labelled', () => {
    for (const name of files) {
      const labels = LABELS[name];
      const findings = lintFile(name, 'recommended');
      const found = findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
      const expected = labels.filter((label) => judgesRunLines(label.split('@')[0]));
      for (const label of new Set(expected)) {
        assert.equal(found.filter((f) => f === label).length, expected.filter((e) => e === label).length, `${name}: ${label} in ${found.join(', ')}`);
      }
      const loud = findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
      assert.deepEqual(loud.filter((f) => !labels.includes(f)), [], name);
    }
  });

  it('reports the binfmt registrations at info, naming their purpose', () => {
    for (const name of ['devcontainers__cli__github__workflows__dev-containers.yml', 'jenkinsci__docker__Makefile', 'kubernetes-sigs__kind__hack__build__init-buildx.sh']) {
      const privileged = lintFile(name, 'recommended').filter((f) => f.ruleId === 'privileged');
      assert.deepEqual(privileged.map((f) => f.severity), ['info'], name);
      assert.match(privileged[0].message, /binfmt_misc/, name);
    }
  });
});
