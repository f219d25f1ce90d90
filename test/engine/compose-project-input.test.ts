import * as assert from 'node:assert/strict';
import { lint, type Finding } from '../../rules';
import { memoryWorkspace } from '../helpers/memory-workspace';

const PROJECT = 'file:///project/';

function lintProject(text: string, files: Record<string, string>, filename = 'compose.yaml'): Finding[] {
  const located = new Map(Object.entries(files).map(([path, content]) => [PROJECT + path, content]));
  return lint({ uri: PROJECT + filename, text }, { workspace: memoryWorkspace(Object.fromEntries(located)) }).findings;
}

const summary = (findings: Finding[]) => findings.map((f) => `${f.ruleId} ${f.range.start.line + 1}:${f.range.start.character + 1}`);

/** Nine levels of nine aliases each: 9^9 items if the aliases were expanded. */
function aliasBomb(): string {
  let text = 'x-0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  for (let i = 1; i < 10; i++) text += `x-${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
  return text;
}

describe('engine: a Compose project of odd files', () => {
  it('YAML that is another format under a Compose name: one located parse-error', () => {
    const findings = lintProject('apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - image: nginx\n', {});
    assert.deepEqual(summary(findings), ['parse-error 1:1']);
    assert.match(findings[0].message, /Not a Compose file: it has no `services`, and `apiVersion` is not a Compose top-level key/);
  });

  it('a file with only networks or volumes is a valid Compose file with nothing to say', () => {
    assert.deepEqual(lintProject('name: infra\nnetworks:\n  front: {}\nvolumes:\n  data: {}\nx-note: 1\n', {}), []);
  });

  it('an override or extended file that is invalid YAML, a list, a scalar or binary is read as absent', () => {
    const base = 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n    privileged: true\n    extends:\n      file: common.yml\n      service: base\n';
    for (const bad of ['services: [\n', '- a\n- b\n', 'just text\n', '\u0000\u0001\u0002\uFFFD', 'services:\n  web: 42\n']) {
      const findings = lintProject(base, { 'compose.override.yaml': bad, 'common.yml': bad, '.env': bad });
      assert.ok(summary(findings).includes('privileged 5:5'), JSON.stringify(bad));
      assert.ok(findings.every((f) => f.ruleId !== 'internal-error'), JSON.stringify(bad));
    }
  });

  it('an alias bomb in the override, in an extended file and in .env-interpolated values completes', () => {
    const bomb = aliasBomb();
    const override = `${bomb}services:\n  web:\n    environment: *l9\n    cap_drop: *l9\n    ports: *l9\n    volumes: *l9\n`;
    const common = `${bomb}services:\n  base:\n    environment: *l9\n    cap_add: *l9\n`;
    const base = `${bomb}services:\n  web:\n    image: nginx:\${TAG:-1.27}\n    environment: *l9\n    cap_drop: *l9\n    ports: *l9\n    extends:\n      file: common.yml\n      service: base\n`;
    const findings = lintProject(base, { 'compose.override.yaml': override, 'common.yml': common, '.env': 'TAG=1.27\n' });
    assert.ok(findings.every((f) => f.ruleId !== 'internal-error'));
  });

  it('a merge-key bomb inside an override layer completes', () => {
    let anchors = 'x-a0: &a0 {A0: "1"}\nx-b0: &b0 {B0: "1"}\n';
    for (let i = 1; i <= 30; i++) {
      const below = `[*a${i - 1}, *b${i - 1}, *a${i - 1}, *b${i - 1}]`;
      anchors += `x-a${i}: &a${i}\n  <<: ${below}\n  A${i}: "1"\nx-b${i}: &b${i}\n  <<: ${below}\n  B${i}: "1"\n`;
    }
    const override = `${anchors}services:\n  web:\n    environment:\n      <<: *a30\n`;
    const findings = lintProject(`${anchors}services:\n  web:\n    image: nginx:1.27\n    environment:\n      <<: *b30\n`, { 'compose.override.yaml': override });
    assert.ok(findings.every((f) => f.ruleId !== 'internal-error' && f.ruleId !== 'parse-error'));
  });

  it('a 2,000-service base with a 2,000-service override', () => {
    const base = `services:\n${Array.from({ length: 2000 }, (_, i) => `  svc${i}:\n    image: example/svc${i}:1\n    privileged: true\n    ports: ["${8000 + i}:80"]\n`).join('')}`;
    const override = `services:\n${Array.from({ length: 2000 }, (_, i) => `  svc${i}:\n    privileged: ${i % 2 === 0}\n    ports: ["127.0.0.1:${9000 + i}:80"]\n`).join('')}`;
    const findings = lintProject(base, { 'compose.override.yaml': override });
    // The override turns privileged off in half the services, and on again (its own finding) in the others.
    assert.equal(findings.filter((f) => f.ruleId === 'privileged').length, 0);
    assert.equal(findings.filter((f) => f.ruleId === 'port-bound-to-all-interfaces').length, 2000);
    const inOverride = lintProject(override, { 'compose.yaml': base }, 'compose.override.yaml');
    assert.equal(inOverride.filter((f) => f.ruleId === 'privileged').length, 1000);
    assert.equal(inOverride.filter((f) => f.ruleId === 'port-bound-to-all-interfaces').length, 0);
  });

  it('an extends chain of 2,000 services, each extending the next: no stack overflow', () => {
    const services = Array.from({ length: 2000 }, (_, i) => (i === 1999 ? `  s${i}:\n    image: app:1\n    privileged: true\n` : `  s${i}:\n    extends: s${i + 1}\n`)).join('');
    const findings = lintProject(`services:\n${services}`, {});
    assert.ok(findings.every((f) => f.ruleId !== 'internal-error'));
    // The last services are near enough to the definition to inherit it; the first ones are too far to be judged.
    assert.ok(findings.some((f) => f.ruleId === 'privileged' && f.range.start.line === 2 * 1998 + 2));
  });

  it('an extends cycle through three files is reported, once per service of the linted file in it', () => {
    const findings = lintProject('services:\n  a:\n    extends: {file: b.yml, service: b}\n', {
      'b.yml': 'services:\n  b:\n    extends: {file: c.yml, service: c}\n',
      'c.yml': 'services:\n  c:\n    extends: {file: compose.yaml, service: a}\n',
    });
    assert.deepEqual(summary(findings), ['parse-error 3:5']);
    assert.match(findings[0].message, /a → b\.yml#b → c\.yml#c → a/);
    assert.deepEqual(findings[0].related?.map((r) => r.uri), [`${PROJECT}b.yml`, `${PROJECT}c.yml`]);
  });

  it('a 10-level anchor chain in an extended file', () => {
    let common = 'x-0: &level0\n  image: redis\n  privileged: true\n';
    for (let i = 1; i < 10; i++) common += `x-${i}: &level${i}\n  <<: *level${i - 1}\n  labels: {level: "${i}"}\n`;
    common += 'services:\n  base:\n    <<: *level9\n';
    const findings = lintProject('services:\n  cache:\n    extends: {file: common.yml, service: base}\n', { 'common.yml': common });
    assert.deepEqual(summary(findings.filter((f) => f.ruleId === 'privileged' || f.ruleId === 'image-untagged')), ['image-untagged 3:5', 'privileged 3:5']);
    assert.deepEqual(findings.find((f) => f.ruleId === 'privileged')?.related?.map((r) => [r.uri, r.range.start.line + 1]), [[`${PROJECT}common.yml`, 3]]);
  });
});
