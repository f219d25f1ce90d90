import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lint, ruleById } from '../../rules';

/**
 * The dev containers of the surfaces corpus (`../shared/corpus/surfaces/devcontainer`, beside the
 * repository; skipped without it), labelled by reading each file against the catalog: the risky
 * settings each writes or its features grant, as `rule@line` (1-based, where the rule anchors).
 * A file without a label has no risky setting. Labels of rules that do not judge dev containers
 * yet are kept: they are checked as soon as the rule does.
 */
const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'surfaces', 'devcontainer');

const LABELS: Record<string, string[]> = {
  'DataDog__jmxfetch': ['privileged@13'],
  'DataDog__lading': ['docker-socket-mount@14', 'security-profile-disabled@14', 'dangerous-cap-add@17', 'security-profile-disabled@17'],
  'DataDog__libdatadog': ['host-namespace@9', 'dangerous-cap-add@22', 'security-profile-disabled@22'],
  'DataDog__libddwaf-rust': [],
  // `remoteUser: root`: the terminals and the tool's processes run as root.
  'DataDog__logstash-output-datadog_logs': ['root-user@4'],
  'DataDog__serilog-sinks-datadog-logs': [],
  'DataDog__stickerlandia': ['privileged@12'],
  'DataDrivenSustainabilitySolutions__off-key': ['docker-socket-mount@11', 'security-profile-disabled@11'],
  'DataSQRL__sqrl': ['privileged@8'],
  'DataSparBrian__DGX-SPARK-COMFYUI-DOCKER': ['docker-socket-mount@17', 'security-profile-disabled@17', 'sensitive-host-mount@51'],
  'athackst__vscode_ros2_workspace': ['host-namespace@13', 'dangerous-cap-add@14', 'security-profile-disabled@15', 'security-profile-disabled@16', 'host-namespace@21'],
  'devcontainers__templates__src__docker-in-docker': ['privileged@9'],
  'devcontainers__templates__src__docker-outside-of-docker': ['docker-socket-mount@9', 'security-profile-disabled@9'],
  'devcontainers__templates__src__kubernetes-helm': ['docker-socket-mount@9', 'security-profile-disabled@9', 'sensitive-host-mount@28'],
  'devcontainers__templates__src__ubuntu': [],
  'dotnet__aspire': ['privileged@13'],
  'espressif__vscode-esp-idf-extension__templates': ['privileged@18'],
  // `appPort` strings are published on every interface.
  'home-assistant__supervisor': ['port-bound-to-all-interfaces@12', 'port-bound-to-all-interfaces@12', 'privileged@15'],
  'microsoft__vscode-dev-containers__containers__azure-terraform': ['docker-socket-mount@11'],
  'microsoft__vscode-dev-containers__containers__codespaces-linux': ['dangerous-cap-add@49', 'security-profile-disabled@50', 'privileged@52'],
  'microsoft__vscode-dev-containers__containers__cpp': ['dangerous-cap-add@9', 'security-profile-disabled@9'],
  'microsoft__vscode-dev-containers__containers__docker-from-docker': ['docker-socket-mount@5'],
  'microsoft__vscode-dev-containers__containers__docker-in-docker': ['privileged@4'],
  'microsoft__vscode-dev-containers__containers__dotnet-mssql': [],
  'microsoft__vscode-dev-containers__containers__go': ['dangerous-cap-add@14', 'security-profile-disabled@14'],
  'microsoft__vscode-dev-containers__containers__kubernetes-helm-minikube': ['privileged@4'],
  'microsoft__vscode-dev-containers__containers__kubernetes-helm': ['docker-socket-mount@11', 'sensitive-host-mount@12'],
  'microsoft__vscode-dev-containers__containers__python-3': [],
  'microsoft__vscode-dev-containers__containers__rust': ['dangerous-cap-add@12', 'security-profile-disabled@13'],
  'microsoft__vscode-dev-containers__repository-containers__github.com__python__cpython': ['dangerous-cap-add@33', 'security-profile-disabled@33'],
};

/** Whether a rule judges dev containers yet. */
const judgesDevcontainers = (ruleId: string) => ruleById(ruleId)?.kinds.includes('devcontainer') ?? false;

describe('dev containers of the surfaces corpus', function () {
  if (!existsSync(CORPUS)) {
    it.skip('needs ../shared/corpus/surfaces/devcontainer');
    return;
  }
  const files = readdirSync(CORPUS).filter((name) => name.endsWith('devcontainer.json')).sort();
  const lintFile = (name: string, profile: 'recommended' | 'strict') =>
    lint({ uri: `file:///corpus/${name.replace(/__devcontainer\.json$/, '')}/.devcontainer/devcontainer.json`, text: readFileSync(path.join(CORPUS, name), 'utf8') }, { profile }).findings;

  it('labels every file of the corpus', () => {
    assert.deepEqual(files.map((name) => name.replace(/__devcontainer\.json$/, '')).sort(), Object.keys(LABELS).sort());
  });

  it('lints every file without a parse or internal error', () => {
    for (const name of files) {
      assert.deepEqual(lintFile(name, 'strict').filter((f) => f.ruleId === 'parse-error' || f.ruleId === 'internal-error').map((f) => f.message), [], name);
    }
  });

  it('reports each labelled risky setting by default, and no error or warning that is not labelled', () => {
    for (const name of files) {
      const labels = LABELS[name.replace(/__devcontainer\.json$/, '')];
      const findings = lintFile(name, 'recommended');
      const found = findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
      const expected = labels.filter((label) => judgesDevcontainers(label.split('@')[0]));
      for (const label of new Set(expected)) {
        assert.equal(found.filter((f) => f === label).length, expected.filter((e) => e === label).length, `${name}: ${label} in ${found.join(', ')}`);
      }
      const loud = findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
      assert.deepEqual(loud.filter((f) => !labels.includes(f)), [], name);
    }
  });
});
