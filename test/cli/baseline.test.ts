import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Baseline } from '../../cli/baseline';
import { bulwark, HARDENING, scanJson, useTree } from './helpers';

const PASSWORD = 'Planted-Passw0rd-4f9c2e7b1a';
const NEW_TOKEN = `ghp_${'NEWSECRETnewsecret99'.repeat(2)}`;

const FILES = {
  'compose.yaml': `services:\n  web:\n    image: nginx\n    environment:\n      POSTGRES_PASSWORD: ${PASSWORD}\n    user: root\n${HARDENING}`,
  'api/Dockerfile': 'FROM node:latest\nRUN curl -fsSL https://example.com/install.sh | sh\nHEALTHCHECK NONE\n',
};

describe('bulwark scan --write-baseline / --baseline', () => {
  const tree = useTree(FILES);
  const baselinePath = () => join(tree(), '.bulwark-baseline.json');

  it('records every finding and passes', () => {
    const before = scanJson([], tree()).report;
    assert.ok(before.summary.findings >= 5, JSON.stringify(before.summary));
    const run = bulwark(['scan', '--write-baseline', '.bulwark-baseline.json'], { cwd: tree() });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, `bulwark: wrote ${before.summary.findings} findings to the baseline .bulwark-baseline.json\n`);
    const baseline = JSON.parse(readFileSync(baselinePath(), 'utf8')) as Baseline;
    assert.equal(baseline.bulwarkBaseline, 'bulwarkFinding/v1');
    assert.equal(baseline.findings.length, before.summary.findings);
    assert.ok(!readFileSync(baselinePath(), 'utf8').includes(PASSWORD.slice(2)), 'the baseline holds no secret');
  });

  it('then reports nothing and passes', () => {
    const { run, report } = scanJson(['--baseline', '.bulwark-baseline.json', '--fail-on', 'info'], tree());
    assert.equal(run.status, 0, run.stderr);
    assert.equal(report.summary.findings, 0);
    assert.match(run.stderr, /^bulwark: \d+ findings recorded in the baseline \.bulwark-baseline\.json not reported\n$/);
  });

  it('still reports nothing once lines are inserted above the findings', () => {
    const lines = () => scanJson([], tree()).report.files.map((file) => file.findings.map((finding) => finding.line));
    const before = lines();
    const compose = join(tree(), 'compose.yaml');
    writeFileSync(compose, `# The web service.\nx-owner: team-web\n\n${readFileSync(compose, 'utf8').replace('    environment:\n', '    environment:\n      LOG_LEVEL: debug\n')}`);
    const dockerfile = join(tree(), 'api', 'Dockerfile');
    writeFileSync(dockerfile, readFileSync(dockerfile, 'utf8').replace('FROM node:latest\n', '# The API.\n\nFROM node:latest\nWORKDIR /srv\n'));
    const after = lines();
    assert.deepEqual(after.map((file) => file.length), before.map((file) => file.length), 'the same findings');
    assert.ok(after.every((file, i) => file.every((line, j) => line > before[i][j])), 'every finding moved down');
    const { run, report } = scanJson(['--baseline', '.bulwark-baseline.json', '--fail-on', 'info'], tree());
    assert.equal(run.status, 0, run.stderr);
    assert.equal(report.summary.findings, 0, JSON.stringify(report.files));
  });

  it('reports exactly the one new finding when a secret is added, and fails', () => {
    const compose = join(tree(), 'compose.yaml');
    writeFileSync(compose, readFileSync(compose, 'utf8').replace('      LOG_LEVEL: debug\n', `      LOG_LEVEL: debug\n      GITHUB_TOKEN: ${NEW_TOKEN}\n`));
    const { run, report } = scanJson(['--baseline', '.bulwark-baseline.json'], tree());
    assert.equal(run.status, 1, run.stderr);
    assert.equal(report.summary.findings, 1);
    const [finding] = report.files.flatMap((file) => file.findings.map((f) => ({ path: file.path, ...f })));
    assert.equal(finding.path, 'compose.yaml');
    assert.equal(finding.ruleId, 'secret-in-env');
    assert.match(finding.message, /GITHUB_TOKEN/);
    // Every format reports the same one finding.
    const text = bulwark(['scan', '--baseline', '.bulwark-baseline.json'], { cwd: tree() });
    assert.match(text.stdout, /^compose\.yaml:\d+:\d+ {2}error {4}secret-in-env {2}Service "web" sets GITHUB_TOKEN/);
    assert.match(text.stdout, /\n1 finding \(1 error, 0 warnings, 0 info\) in 1 file; 2 files scanned\n$/);
  });

  it('is a usage error when the baseline is missing or not one', () => {
    const missing = bulwark(['scan', '--baseline', 'nowhere.json'], { cwd: tree() });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^bulwark: cannot read the baseline nowhere\.json: /);
    writeFileSync(join(tree(), 'not-a-baseline.json'), '{"findings": 3}');
    const wrong = bulwark(['scan', '--baseline', 'not-a-baseline.json'], { cwd: tree() });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /^bulwark: not-a-baseline\.json is not a Bulwark baseline \(write one with --write-baseline\)\n/);
    writeFileSync(join(tree(), 'old-baseline.json'), '{"bulwarkBaseline": "bulwarkFinding/v0", "findings": []}');
    const old = bulwark(['scan', '--baseline', 'old-baseline.json'], { cwd: tree() });
    assert.equal(old.status, 2);
    assert.match(old.stderr, /written by another version of Bulwark/);
    assert.equal(bulwark(['scan', '--write-baseline', ''], { cwd: tree() }).status, 2);
    assert.match(bulwark(['scan', '--write-baseline', 'b.json', '--fix'], { cwd: tree() }).stderr, /--write-baseline .* does not go with --fix or --diff/);
  });
});
