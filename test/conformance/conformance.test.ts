import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { conformanceFailures, corpusAvailable, DEFAULT_CORPUS, loadQueryConfigs, runConformance, type ConformanceReport, type QueryConfig } from './kics';

describe('KICS conformance (../shared/corpus/kics)', () => {
  let report: ConformanceReport;
  before(function () {
    if (!corpusAvailable()) {
      console.warn(`    KICS corpus not found at ${DEFAULT_CORPUS}: conformance skipped (set BULWARK_KICS_CORPUS)`);
      this.skip();
    }
    report = runConformance();
  });

  it('meets the targets: >= 95 % of mapped positives found per platform, no negative flagged, accepted differences all current', () => {
    const failures = conformanceFailures(report);
    assert.deepEqual(failures, [], `KICS conformance failed (npm run conformance prints the tables):\n  ${failures.join('\n  ')}`);
  });

  it('compares at least the compose queries of the rules built today', () => {
    const compared = new Set(report.results.map((r) => r.dir));
    for (const dir of ['compose/privileged_containers_enabled', 'compose/container_capabilities_unrestricted', 'compose/volume_has_sensitive_host_directory', 'dockerfile/missing_user_instruction']) {
      assert.ok(compared.has(dir), `${dir} is not compared`);
    }
  });

  it('says in queries.json how every query with a Bulwark category is compared, or why it is not a rule', () => {
    const configs = loadQueryConfigs();
    const undecided = [...report.results.map((r) => r.dir), ...report.skipped.filter((s) => s.why !== 'out-of-scope').map((s) => s.dir)].filter((dir) => !configs[dir]?.match && !configs[dir]?.notARule);
    assert.deepEqual(undecided, []);
  });

  it('explains every accepted difference and every query that is not a rule in DIFFERENCES.md', () => {
    const differences = readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'conformance', 'DIFFERENCES.md'), 'utf8');
    const unexplained = Object.entries(loadQueryConfigs()).flatMap(([dir, config]) => [
      ...(config.notARule && !differences.includes(`\`${dir}\``) ? [dir] : []),
      ...(config.accepted ?? []).filter((a) => !differences.includes(`\`${dir}\``) || !differences.includes(`\`${a.file}${a.line ? `:${a.line}` : ''}`)).map((a) => `${dir} ${a.file}`),
    ]);
    assert.deepEqual(unexplained, []);
  });
});

describe('KICS conformance harness', () => {
  let corpus: string;
  before(() => {
    corpus = mkdtempSync(path.join(tmpdir(), 'bulwark-kics-'));
    const dir = path.join(corpus, 'compose', 'privileged_containers_enabled');
    mkdirSync(dir, { recursive: true });
    const service = (extra: string) => `version: "3"\nservices:\n  web:\n    image: nginx:1.27\n${extra}`;
    writeFileSync(path.join(dir, 'positive1.yaml'), service('    privileged: true\n'));
    writeFileSync(path.join(dir, 'positive2.yaml'), service('    cap_add: [SYS_ADMIN]\n'));
    writeFileSync(path.join(dir, 'negative1.yaml'), service('    privileged: true\n'));
    writeFileSync(
      path.join(dir, 'positive_expected_result.json'),
      JSON.stringify([
        { queryName: 'Privileged Containers Enabled', severity: 'HIGH', line: 5, filename: 'positive1.yaml' },
        { queryName: 'Privileged Containers Enabled', severity: 'HIGH', line: 5, fileName: 'positive2.yaml' },
      ]),
    );
    const entry = { dir: 'compose/privileged_containers_enabled', queryName: 'Privileged Containers Enabled', ourCategory: 'privileged', alsoOurCategories: [], positives: ['positive1.yaml', 'positive2.yaml'], negatives: ['negative1.yaml'] };
    const unmapped = { ...entry, dir: 'compose/not_yet', ourCategory: 'no-such-rule-yet' };
    writeFileSync(path.join(corpus, 'index.json'), JSON.stringify([entry, unmapped]));
  });
  after(() => rmSync(corpus, { recursive: true, force: true }));

  const run = (config: QueryConfig) => runConformance(corpus, { 'compose/privileged_containers_enabled': config, 'compose/not_yet': { match: 'line' } });

  it('fails, naming the cases, on a missed positive and a flagged negative', () => {
    const failures = conformanceFailures(run({ match: 'line' }));
    assert.equal(failures.length, 2, failures.join('\n'));
    assert.match(failures[0], /^compose: 50\.0 % .* missed: compose\/privileged_containers_enabled\/positive2\.yaml:5$/);
    assert.match(failures[1], /negative negative1\.yaml:5 flagged by privileged/);
  });

  it('passes once those cases are accepted differences, and fails when an accepted difference no longer happens', () => {
    const accepted: QueryConfig['accepted'] = [
      { kind: 'missed', file: 'positive2.yaml', line: 5, reason: 'test' },
      { kind: 'flagged', file: 'negative1.yaml', reason: 'test' },
    ];
    assert.deepEqual(conformanceFailures(run({ match: 'line', accepted })), []);
    const stale = conformanceFailures(run({ match: 'line', accepted: [...accepted, { kind: 'missed', file: 'positive1.yaml', line: 5, reason: 'test' }] }));
    assert.deepEqual(stale, ['compose/privileged_containers_enabled: accepted difference no longer happens, remove it: missed positive1.yaml:5']);
  });

  it('counts only queries whose rule exists, and lints fixtures without the version key when asked', () => {
    const report = run({ match: 'file', versionless: true });
    assert.deepEqual(report.results.map((r) => r.dir), ['compose/privileged_containers_enabled']);
    assert.deepEqual(report.skipped.map((s) => [s.dir, s.why]), [['compose/not_yet', 'rule-not-built']]);
    assert.deepEqual(report.results[0].positives.map((p) => [p.file, p.actual]), [
      ['positive1.yaml', [5]],
      ['positive1.yaml (no version)', [5]],
      ['positive2.yaml', []],
      ['positive2.yaml (no version)', []],
    ]);
    assert.deepEqual([report.totals[1].expectations, report.totals[1].found], [4, 2]);
  });

  it('reports a category said to be deliberately not a rule that the registry has', () => {
    assert.match(conformanceFailures(run({ notARule: 'test' }))[0], /deliberately not a rule, but the registry has privileged/);
  });
});
