import * as assert from 'node:assert/strict';
import { allRules, cisDockerBenchmarkIds, lint, PROFILES, profilesOf } from '../../rules';

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
    for (const profile of PROFILES) assert.ok(allRules.some((rule) => profilesOf(rule).includes(profile)), profile);
  });

  it('cis runs exactly the rules that check a CIS Docker Benchmark recommendation, at their own severity', () => {
    const mapped = allRules.filter((rule) => cisDockerBenchmarkIds(rule.id).length > 0).map((rule) => rule.id);
    assert.deepEqual(allRules.filter((rule) => profilesOf(rule).includes('cis')).map((rule) => rule.id), mapped);
    const cis = lint({ uri: 'compose.yaml', text: COMPOSE }, { profile: 'cis' }).findings;
    // No healthcheck is CIS 5.26 and no limit 5.10/5.11/5.28: advice of strict that cis runs; the unknown-key check maps to nothing.
    assert.deepEqual([...new Set(cis.map((f) => f.ruleId))].sort(), ['cap-drop-missing', 'cpu-limit-missing', 'healthcheck-missing', 'memory-limit-missing', 'no-new-privileges-missing', 'pids-limit-missing', 'root-user', 'writable-root-filesystem']);
    assert.ok(cis.every((f) => f.ruleId !== 'compose-unknown-key' && f.ruleId !== 'image-not-pinned-by-digest'));
    const strict = lint({ uri: 'compose.yaml', text: COMPOSE }, { profile: 'strict' }).findings;
    for (const finding of cis) assert.equal(finding.severity, strict.find((f) => f.ruleId === finding.ruleId && f.range.start.line === finding.range.start.line)?.severity);
  });

  it('advice a rule of recommended gives where it does not judge (a run line keeping the default capabilities) comes with strict, cis or the rule set', () => {
    const script = { uri: 'file:///project/run.sh', text: 'docker run --rm alpine true\n' };
    const capDrop = (options: Parameters<typeof lint>[1]) => lint(script, options).findings.filter((f) => f.ruleId === 'cap-drop-missing').map((f) => f.severity);
    assert.deepEqual(capDrop({ profile: 'recommended' }), []);
    assert.deepEqual(capDrop({ profile: 'strict' }), ['info']);
    assert.deepEqual(capDrop({ profile: 'cis' }), ['info']);
    assert.deepEqual(capDrop({ profile: 'recommended', rules: { 'cap-drop-missing': 'warning' } }), ['warning']);
    // In Compose it is the rule's own judgement, in recommended too.
    assert.deepEqual(lint({ uri: 'compose.yaml', text: COMPOSE }, { profile: 'recommended' }).findings.filter((f) => f.ruleId === 'cap-drop-missing').length, 1);
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
