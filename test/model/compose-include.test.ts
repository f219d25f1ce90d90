import * as assert from 'node:assert/strict';
import { lint, type Finding } from '../../rules';
import { memoryWorkspace } from '../helpers/memory-workspace';
import { PROJECT } from '../helpers/rule-tester';

/** Lints `compose.yaml` of a project whose files are given, keeping its parse errors (where Compose's rejections are reported). */
function problemsOf(text: string, files: Record<string, string>): Finding[] {
  const workspace = memoryWorkspace(Object.fromEntries(Object.entries(files).map(([path, content]) => [PROJECT + path, content])));
  return lint({ uri: `${PROJECT}compose.yaml`, text }, { workspace }).findings.filter((f) => f.ruleId === 'parse-error');
}

const WEB = 'services:\n  web:\n    image: nginx:1.27\n';

describe('include: followed as Compose follows it', () => {
  it('included files that can be read, with distinct services: nothing to report', () => {
    const text = `include:\n  - db/compose.yaml\n  - path: [cache/compose.yaml, cache/override.yaml]\n    project_directory: cache\n${WEB}`;
    const files = { 'db/compose.yaml': 'services:\n  db:\n    image: postgres:16\n', 'cache/compose.yaml': 'services:\n  cache:\n    image: redis:7\n', 'cache/override.yaml': 'services:\n  cache:\n    read_only: true\n' };
    assert.deepEqual(problemsOf(text, files), []);
  });

  it('an include cycle is reported at the item, naming the cycle, across nested includes', () => {
    const text = `include:\n  - a/compose.yaml\n${WEB}`;
    const files = { 'a/compose.yaml': 'include: [../b/compose.yaml]\nservices:\n  a:\n    image: a:1\n', 'b/compose.yaml': 'include:\n  - path: ../compose.yaml\nservices:\n  b:\n    image: b:1\n' };
    const found = problemsOf(text, files);
    assert.deepEqual(found.map((f) => [f.range.start.line + 1, f.range.start.character + 1, f.severity]), [[2, 5, 'error']]);
    assert.match(found[0].message, /Include cycle: compose\.yaml → a\/compose\.yaml → b\/compose\.yaml → compose\.yaml\. Compose rejects/);
  });

  it('a file that includes itself', () => {
    const found = problemsOf(`include: [compose.yaml]\n${WEB}`, {});
    assert.match(found[0]?.message ?? '', /Include cycle: compose\.yaml → compose\.yaml/);
  });

  it('a file that cannot be read is a warning at its item', () => {
    const found = problemsOf(`include:\n  - missing.yaml\n${WEB}`, {});
    assert.deepEqual(found.map((f) => [f.range.start.line + 1, f.severity]), [[2, 'warning']]);
    assert.match(found[0].message, /missing\.yaml cannot be read/);
  });

  it('a service defined here and differently in an included file: Compose rejects the project; an identical one is fine', () => {
    const other = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';
    const found = problemsOf(`include: [other.yaml]\n${WEB}`, { 'other.yaml': other });
    assert.match(found[0]?.message ?? '', /Service "web" is defined here and, differently, in the included file other\.yaml/);
    assert.deepEqual(problemsOf(`include: [other.yaml]\n${WEB}`, { 'other.yaml': WEB }), []);
  });

  it('paths are interpolated: the linted file\'s .env for its items, the included project\'s .env for nested ones', () => {
    const text = `include:\n  - \${STACK}/compose.yaml\n${WEB}`;
    const files = {
      '.env': 'STACK=app\n',
      'app/compose.yaml': 'include:\n  - ${NEXT:-none}.yaml\nservices:\n  app:\n    image: a:1\n',
      'app/.env': 'NEXT=../compose\n',
    };
    // app/.env points the nested include back at compose.yaml: a cycle, found only through both .env files.
    assert.match(problemsOf(text, files)[0]?.message ?? '', /Include cycle: compose\.yaml → app\/compose\.yaml → compose\.yaml/);
    // With an env_file of its own for the included project, the nested include goes elsewhere.
    const withEnvFile = `include:\n  - path: app/compose.yaml\n    env_file: app.env\n${WEB}`;
    assert.deepEqual(problemsOf(withEnvFile, { ...files, 'app.env': 'NEXT=leaf\n', 'app/leaf.yaml': 'services:\n  leaf:\n    image: l:1\n' }), []);
  });

  it('an included file\'s own findings are its own: the including file does not repeat them', () => {
    const workspace = memoryWorkspace({ [`${PROJECT}other.yaml`]: 'services:\n  db:\n    image: postgres:16\n    privileged: true\n' });
    const findings = lint({ uri: `${PROJECT}compose.yaml`, text: `include: [other.yaml]\n${WEB}` }, { workspace }).findings;
    assert.deepEqual(findings.filter((f) => f.ruleId === 'privileged'), []);
  });
});
