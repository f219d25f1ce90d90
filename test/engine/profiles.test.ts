import * as assert from 'node:assert/strict';
import { allRules, lint, PROFILES } from '../../rules';

const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    user: root\n';
const ruleIds = (options: Parameters<typeof lint>[1]) => [...new Set(lint({ uri: 'compose.yaml', text: COMPOSE }, options).findings.map((f) => f.ruleId))].sort();

describe('engine: profiles', () => {
  it('recommended runs its rules only; strict and no profile run the whole catalog', () => {
    const strict = ruleIds({ profile: 'strict' });
    assert.deepEqual(ruleIds({}), strict);
    assert.deepEqual(ruleIds({ profile: 'recommended' }), ['cap-drop-missing', 'root-user']);
    assert.ok(strict.includes('memory-limit-missing') && strict.includes('no-new-privileges-missing'), strict.join(', '));
  });

  it('a rule named in rules wins over the profile, both ways', () => {
    assert.deepEqual(ruleIds({ profile: 'recommended', rules: { 'memory-limit-missing': 'warning', 'root-user': 'off' } }), ['cap-drop-missing', 'memory-limit-missing']);
    assert.ok(!ruleIds({ profile: 'strict', rules: { 'memory-limit-missing': 'off' } }).includes('memory-limit-missing'));
  });

  it('every rule is in strict, and each profile is some rule\'s', () => {
    for (const rule of allRules) assert.ok(rule.profiles.includes('strict'), rule.id);
    for (const profile of PROFILES) assert.ok(allRules.some((rule) => rule.profiles.includes(profile)), profile);
  });

  it('syntax findings come whatever the profile', () => {
    const findings = lint({ uri: 'compose.yaml', text: 'services:\n  web:\n    image: nginx:1.27\n   ports: ["80:80"]\n' }, { profile: 'recommended' }).findings;
    assert.ok(findings.some((f) => f.ruleId === 'parse-error'));
  });
});

describe('engine: fixes built when asked for', () => {
  it('a rule that reports its fixes lazily gets them built on the first read, once', () => {
    const finding = lint({ uri: 'compose.yaml', text: COMPOSE }).findings.find((f) => f.ruleId === 'cap-drop-missing')!;
    assert.equal(typeof Object.getOwnPropertyDescriptor(finding, 'fixes')?.get, 'function', 'not built by the lint');
    const fixes = finding.fixes;
    assert.equal(fixes?.[0].edits[0].newText, '    cap_drop: [ALL]\n');
    assert.equal(finding.fixes, fixes, 'built once');
  });
});
