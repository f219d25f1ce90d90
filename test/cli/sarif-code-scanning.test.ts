import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Result } from 'sarif';
import { allRules, cisDockerBenchmarkIds, ruleById } from '../../rules';
import { bulwark, DIGEST, HARDENING, parseSarif, sarifSchemaErrors, scanJson, useTree } from './helpers';

const TOKEN = `ghp_${'PLANTEDplanted0123'.repeat(2)}`;

const FILES = {
  // add-instead-of-copy, whose safe fix the SARIF carries, is advice of the strict profile.
  '.bulwark.yaml': 'profile: strict\n',
  'compose.yaml': `services:\n  web:\n    image: nginx:1.27@${DIGEST}\n    environment:\n      API_TOKEN: ${TOKEN}\n    volumes: [/var/run/docker.sock:/var/run/docker.sock]\n    cap_drop: [ALL]\n${HARDENING}`,
  'app/Dockerfile': `FROM alpine:3.20@${DIGEST}\nHEALTHCHECK NONE\n`,
  'tools/Dockerfile': `FROM alpine:3.20@${DIGEST}\n# bulwark-ignore root-user -- the tools image installs packages at run time\nUSER root\nHEALTHCHECK NONE\n`,
  // The same problem twice, on identical lines: two results with two fingerprints.
  'twice/Dockerfile': `FROM alpine:3.20@${DIGEST}\nADD conf.txt /etc/\nADD conf.txt /etc/\nUSER 10001\nHEALTHCHECK NONE\n`,
};

const FINGERPRINT = 'bulwarkFinding/v1';

function sarifResults(cwd: string): Result[] {
  const run = bulwark(['scan', '--format', 'sarif'], { cwd });
  const log = parseSarif(run.stdout);
  assert.deepEqual(sarifSchemaErrors(log), []);
  return log.runs[0].results ?? [];
}

function where(result: Result): string {
  return `${result.locations?.[0].physicalLocation?.artifactLocation?.uri} ${result.ruleId}`;
}

describe('bulwark scan --format sarif: what code scanning reads', () => {
  const tree = useTree(FILES);

  it('gives every result a partial fingerprint, distinct even for identical lines', () => {
    const results = sarifResults(tree());
    const fingerprints = results.map((result) => result.partialFingerprints?.[FINGERPRINT]);
    assert.ok(fingerprints.every((fingerprint) => typeof fingerprint === 'string' && /^[0-9a-f]{32}$/.test(fingerprint)), JSON.stringify(fingerprints));
    assert.equal(new Set(fingerprints).size, fingerprints.length);
    assert.equal(results.filter((result) => where(result) === 'twice/Dockerfile add-instead-of-copy').length, 2);
  });

  it('keeps the fingerprints when lines are added above the findings, and changes them with the finding', () => {
    const before = sarifResults(tree());
    const edited = editedCopy({
      'compose.yaml': (text) => `# a comment\nx-note: moved down\n\n${text}`,
      'app/Dockerfile': (text) => `# syntax=docker/dockerfile:1\n# a comment\n\n${text}`,
      'twice/Dockerfile': (text) => text.replace('ADD conf.txt /etc/\n', 'RUN true\nADD conf.txt /etc/\n'),
    });
    const after = sarifResults(edited);
    const byPlace = (results: Result[]) => results.map((result) => `${where(result)} ${result.partialFingerprints?.[FINGERPRINT]}`).sort();
    assert.deepEqual(byPlace(after), byPlace(before));
    assert.notDeepEqual(
      after.map((result) => result.locations?.[0].physicalLocation?.region?.startLine),
      before.map((result) => result.locations?.[0].physicalLocation?.region?.startLine),
      'the findings did move',
    );
    const changed = sarifResults(editedCopy({ 'compose.yaml': (text) => text.replace('API_TOKEN', 'GITHUB_TOKEN') }));
    const secret = (results: Result[]) => results.find((result) => result.ruleId === 'secret-in-env')?.partialFingerprints?.[FINGERPRINT];
    assert.notEqual(secret(changed), secret(before));
  });

  it('ranks each security rule with security-severity and tags it, with CIS Docker Benchmark ids where it maps to one', () => {
    const log = parseSarif(bulwark(['scan', '--format', 'sarif'], { cwd: tree() }).stdout);
    for (const descriptor of log.runs[0].tool.driver.rules ?? []) {
      const rule = ruleById(descriptor.id) ?? allRules.find((candidate) => candidate.id === descriptor.id);
      assert.ok(rule);
      const properties = descriptor.properties ?? {};
      if (rule.category === 'syntax') {
        assert.equal(properties['security-severity'], undefined, rule.id);
        continue;
      }
      const score = Number(properties['security-severity']);
      assert.ok(score > 0 && score <= 10, `${rule.id}: ${properties['security-severity']}`);
      const cis = cisDockerBenchmarkIds(rule.id);
      assert.deepEqual(properties.tags, ['security', rule.category, ...cis.map((id) => `external/cis-docker-benchmark/${id}`)]);
    }
    const socket = log.runs[0].tool.driver.rules?.find((rule) => rule.id === 'docker-socket-mount');
    assert.deepEqual(socket?.properties?.cisDockerBenchmark, { version: '1.2.0', recommendations: ['5.31'] });
    assert.equal(log.runs[0].tool.driver.rules?.find((rule) => rule.id === 'secret-in-env')?.properties?.['security-severity'], '9.0');
  });

  it('maps CIS recommendations only to rules that exist, with well-formed ids', () => {
    const mapped = allRules.filter((rule) => cisDockerBenchmarkIds(rule.id).length > 0);
    assert.ok(mapped.length >= 30);
    for (const rule of mapped) for (const id of cisDockerBenchmarkIds(rule.id)) assert.match(id, /^[245]\.\d{1,2}$/, rule.id);
    assert.deepEqual(cisDockerBenchmarkIds('constructor'), []);
  });

  it('carries the fixes as artifact changes, and never one that holds a secret', () => {
    const results = sarifResults(tree());
    const untagged = results.find((result) => where(result) === 'twice/Dockerfile add-instead-of-copy');
    const [fix] = untagged?.fixes ?? [];
    assert.ok(fix, JSON.stringify(untagged));
    const [change] = fix.artifactChanges;
    assert.equal(change.artifactLocation.uri, 'twice/Dockerfile');
    const [replacement] = change.replacements;
    assert.deepEqual(replacement.deletedRegion, { startLine: 2, startColumn: 1, endLine: 2, endColumn: 4 });
    assert.equal(replacement.insertedContent?.text, 'COPY');
    const secret = results.find((result) => result.ruleId === 'secret-in-env');
    assert.ok(secret);
    assert.ok(!JSON.stringify(results).includes(TOKEN.slice(4, -4)));
  });

  it('keeps a suppressed finding, marked as suppressed in source with the comment\'s reason', () => {
    const results = sarifResults(tree());
    const suppressed = results.filter((result) => result.suppressions?.length);
    assert.deepEqual(suppressed.map(where), ['tools/Dockerfile root-user']);
    assert.deepEqual(suppressed[0].suppressions, [
      {
        kind: 'inSource',
        justification: 'the tools image installs packages at run time',
        location: { physicalLocation: { artifactLocation: { uri: 'tools/Dockerfile', uriBaseId: 'SRCROOT' }, region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 76 } } },
      },
    ]);
    // The other reports leave it out.
    const { report } = scanJson([], tree());
    assert.equal(results.length, report.summary.findings + 1);
  });

  it('reports what a suppression hid when suppressions are disallowed, and none as suppressed', () => {
    const run = bulwark(['scan', '--format', 'sarif', '--disallow-suppressions'], { cwd: tree() });
    const results = parseSarif(run.stdout).runs[0].results ?? [];
    assert.ok(results.some((result) => where(result) === 'tools/Dockerfile root-user' && !result.suppressions));
    assert.ok(results.every((result) => !result.suppressions));
  });
});

const copies: string[] = [];
after(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

/** The fixture's files in a new temporary folder, some of them rewritten. */
function editedCopy(edits: Record<string, (text: string) => string>): string {
  const copy = mkdtempSync(join(tmpdir(), 'bulwark-sarif-'));
  copies.push(copy);
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    writeFileSync(join(copy, path), edits[path] ? edits[path](content) : content);
  }
  return copy;
}
