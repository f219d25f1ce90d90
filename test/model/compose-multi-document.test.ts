import * as assert from 'node:assert/strict';
import { lint, type Finding } from '../../rules';
import { parseCompose } from '../../rules/model/compose';
import { memoryWorkspace } from '../helpers/memory-workspace';
import { PROJECT } from '../helpers/rule-tester';

const at = (findings: Finding[], ruleIds: string[]) => findings.filter((f) => ruleIds.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.range.start.line + 1}`);

describe('a multi-document Compose file: the documents are merged in order, as Compose merges them', () => {
  it('a service a later document defines again is merged, its keys over the earlier ones', () => {
    const model = parseCompose('services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    cap_drop: [NET_RAW]\n---\nservices:\n  web:\n    read_only: false\n    cap_drop: [ALL]\n  db:\n    image: postgres:16\n');
    assert.deepEqual(model.syntaxProblems, []);
    assert.deepEqual(model.services.map((s) => s.name), ['web', 'db']);
    const findings = lint({ uri: 'compose.yaml', text: model.text }).findings;
    // read_only is false once merged; cap_drop appends, so ALL is dropped.
    assert.deepEqual(at(findings, ['writable-root-filesystem', 'cap-drop-missing']), ['writable-root-filesystem 2', 'cap-drop-missing 11', 'writable-root-filesystem 11']);
  });

  it('a later document alone: its problems are reported at their lines, and !reset removes what an earlier one set', () => {
    const text =
      'services:\n  app:\n    image: app:1.0\n    security_opt: ["no-new-privileges:true"]\n  worker:\n    image: app:1.0\n    security_opt: ["no-new-privileges:true"]\n---\n' +
      'services:\n  app:\n    privileged: true\n  worker:\n    security_opt: !reset []\n    environment:\n      DB_PASSWORD: pa$$w0rd-9f2c\n';
    const findings = lint({ uri: 'compose.yaml', text }).findings;
    assert.deepEqual(at(findings, ['privileged', 'secret-in-env', 'no-new-privileges-missing']), ['no-new-privileges-missing 5', 'privileged 11', 'secret-in-env 15']);
  });

  it('each document has its own anchors; a document with no services adds nothing', () => {
    const text = 'x-a: &a\n  privileged: true\nservices:\n  one:\n    <<: *a\n    image: a:1\n---\nx-a: &a\n  privileged: false\nservices:\n  two:\n    <<: *a\n    image: b:1\n---\n# only a comment\n';
    const findings = lint({ uri: 'compose.yaml', text }).findings;
    assert.deepEqual(at(findings, ['privileged', 'parse-error']), ['privileged 5']);
  });

  it('named volumes bound by the local driver in a later document are read', () => {
    const text = 'services:\n  web:\n    image: nginx:1.27\n    volumes: [host:/host]\n---\nvolumes:\n  host:\n    driver_opts: {type: none, o: bind, device: /}\n';
    const findings = lint({ uri: 'compose.yaml', text }).findings;
    assert.deepEqual(at(findings, ['docker-socket-mount', 'sensitive-host-mount']), ['docker-socket-mount 4', 'sensitive-host-mount 4']);
  });

  it('an override file of several documents is merged whole', () => {
    const override = 'services:\n  web:\n    cap_drop: [NET_RAW]\n---\nservices:\n  web:\n    cap_drop: [ALL]\n';
    const workspace = memoryWorkspace({ [`${PROJECT}compose.override.yaml`]: override });
    const findings = lint({ uri: `${PROJECT}compose.yaml`, text: 'services:\n  web:\n    image: nginx:1.27\n' }, { workspace }).findings;
    assert.deepEqual(at(findings, ['cap-drop-missing']), []);
  });
});
