import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { allRules, ruleDocsUrl } from '../../rules';
import { bulwark, HARDENING, parseSarif, REPO_ROOT, sarifSchemaErrors, scanJson, useTree } from './helpers';

// Made-up credentials that the engine detects: a password literal, a value shaped like a GitHub
// token, a URL with a password. None may appear in clear in any report.
const PASSWORD = 'Planted-Passw0rd-4f9c2e7b1a';
const TOKEN = `ghp_${'PLANTEDplanted0123'.repeat(2)}`;
const URL_PASSWORD = 'Planted-Url-Pa55word-77';
const SECRETS = [PASSWORD, TOKEN, URL_PASSWORD];

const FILES = {
  'compose.yaml': [
    'x-env: &env',
    `  API_TOKEN: ${TOKEN}`,
    'services:',
    '  web:',
    '    image: nginx',
    '    environment:',
    '      <<: *env',
    `      POSTGRES_PASSWORD: ${PASSWORD}`,
    '    user: root',
    ...HARDENING.trimEnd().split('\n'),
    '',
  ].join('\n'),
  'app/Dockerfile': `FROM node:latest\nENV DATABASE_URL=postgres://app:${URL_PASSWORD}@db:5432/app\nUSER 10001\nHEALTHCHECK NONE\n`,
  'my app/Dockerfile.dev': 'FROM alpine\nUSER 10001\nHEALTHCHECK NONE\n',
  'ünïcode/compose.yaml': `services:\n  cache:\n    image: redis\n    cap_drop: [ALL]\n${HARDENING}`,
};

describe('bulwark scan: report formats', () => {
  const tree = useTree(FILES);

  describe('text', () => {
    it('prints path:line:col  severity  rule-id  message per finding, related places, and a summary', () => {
      const run = bulwark(['scan'], { cwd: tree() });
      assert.equal(run.status, 1);
      assert.equal(run.stderr, '');
      const lines = run.stdout.split('\n');
      const expected = [
        'app/Dockerfile:1:6  warning  image-latest-tag  FROM "node:latest"',
        'app/Dockerfile:2:5  error    secret-in-env  ENV DATABASE_URL ',
        'compose.yaml:4:3  warning  cap-drop-missing  Service "web" ',
        'compose.yaml:5:12  warning  image-untagged  Service "web" uses "nginx" ',
        'compose.yaml:7:7  error    secret-in-env  Service "web" sets API_TOKEN ',
        '    related: compose.yaml:2:3  API_TOKEN is defined here',
        'compose.yaml:8:7  error    secret-in-env  Service "web" sets POSTGRES_PASSWORD ',
        'compose.yaml:9:11  warning  root-user  Service "web" runs as root',
        'my app/Dockerfile.dev:1:6  warning  image-untagged  FROM "alpine" ',
        'ünïcode/compose.yaml:3:12  warning  image-untagged  Service "cache" uses "redis" ',
        '',
        '9 findings (3 errors, 6 warnings, 0 info) in 4 files; 4 files scanned',
        '',
      ];
      assert.equal(lines.length, expected.length, run.stdout);
      expected.forEach((start, i) => assert.ok(start === '' ? lines[i] === '' : lines[i].startsWith(start), `line ${i + 1}: ${JSON.stringify(lines[i])} does not start with ${JSON.stringify(start)}`));
      assert.equal(lines[11], expected[11]);
      assert.match(lines[5], /^ {4}related: compose\.yaml:2:3 {2}API_TOKEN is defined here$/);
      assert.doesNotMatch(run.stdout, /\x1b\[/, 'no colour when stdout is not a terminal');
    });

    it('shows the same messages as the JSON report', () => {
      const text = bulwark(['scan'], { cwd: tree() }).stdout;
      const { report } = scanJson([], tree());
      for (const file of report.files) {
        for (const finding of file.findings) {
          const line = `${file.path}:${finding.line}:${finding.column}  ${finding.severity.padEnd(7)}  ${finding.ruleId}  ${finding.message}`;
          assert.ok(text.split('\n').includes(line), `missing: ${line}`);
        }
      }
    });

    it('uses colour at a terminal, unless NO_COLOR is set', function () {
      if (process.platform !== 'linux' || spawnSync('script', ['--version']).status !== 0) this.skip();
      // util-linux `script` runs the command with a pseudo-terminal as its stdout.
      const atTerminal = (env: NodeJS.ProcessEnv) =>
        spawnSync('script', ['-qec', `"${process.execPath}" "${join(REPO_ROOT, 'bin', 'bulwark.js')}" scan app`, '/dev/null'], { cwd: tree(), env: { ...process.env, ...env }, encoding: 'utf8' });
      const coloured = atTerminal({ NO_COLOR: '' });
      assert.match(coloured.stdout, /app\/Dockerfile:2:5 {2}\x1b\[31merror {2}\x1b\[0m {2}\x1b\[2msecret-in-env\x1b\[0m/);
      assert.match(coloured.stdout, /\x1b\[33mwarning\x1b\[0m/);
      const plain = atTerminal({ NO_COLOR: '1' });
      assert.match(plain.stdout, /app\/Dockerfile:2:5 {2}error {4}secret-in-env/);
      assert.doesNotMatch(plain.stdout, /\x1b\[/);
    });
  });

  describe('json', () => {
    it('has the documented shape', () => {
      const { run, report } = scanJson([], tree());
      assert.equal(run.status, 1);
      assert.deepEqual(Object.keys(report), ['version', 'files', 'unreadable', 'summary']);
      assert.equal(report.version, JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
      assert.deepEqual(
        report.files.map((file) => [file.path, file.kind, file.findings.length]),
        [
          ['app/Dockerfile', 'dockerfile', 2],
          ['compose.yaml', 'compose', 5],
          ['my app/Dockerfile.dev', 'dockerfile', 1],
          ['ünïcode/compose.yaml', 'compose', 1],
        ],
      );
      assert.deepEqual(report.unreadable, []);
      assert.deepEqual(report.summary, { filesScanned: 4, filesWithFindings: 4, findings: 9, errors: 3, warnings: 6, info: 0, unreadable: 0 });

      const anchored = report.files[1].findings[2];
      assert.deepEqual(Object.keys(anchored), ['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'range', 'related', 'docs']);
      assert.equal(anchored.ruleId, 'secret-in-env');
      assert.equal(anchored.severity, 'error');
      assert.deepEqual([anchored.line, anchored.column, anchored.endLine, anchored.endColumn], [7, 7, 7, 9]);
      assert.deepEqual(anchored.range, { start: { line: 6, character: 6 }, end: { line: 6, character: 8 } });
      assert.equal(anchored.docs, ruleDocsUrl('secret-in-env'));
      assert.deepEqual(anchored.related, [
        { path: 'compose.yaml', line: 2, column: 3, endLine: 2, endColumn: 12, range: { start: { line: 1, character: 2 }, end: { line: 1, character: 11 } }, message: 'API_TOKEN is defined here' },
      ]);
      assert.deepEqual(report.files[0].findings[0].related, []);
    });
  });

  describe('sarif', () => {
    it('is valid against the official SARIF 2.1.0 schema', () => {
      const run = bulwark(['scan', '--format', 'sarif'], { cwd: tree() });
      assert.equal(run.status, 1);
      const log = parseSarif(run.stdout);
      assert.deepEqual(sarifSchemaErrors(log), []);
      assert.equal(log.version, '2.1.0');
      assert.match(log.$schema ?? '', /^https:\/\/.*sarif.*2\.1\.0.*\.json$/);
    });

    it('the validator rejects a broken log, so that validity means something', () => {
      const log = parseSarif(bulwark(['scan', '--format', 'sarif'], { cwd: tree() }).stdout);
      const region = log.runs[0].results?.[0].locations?.[0].physicalLocation?.region;
      assert.ok(region);
      region.startLine = 0;
      assert.notDeepEqual(sarifSchemaErrors(log), []);
    });

    it('describes every rule in tool.driver', () => {
      const { tool } = parseSarif(bulwark(['scan', '--format', 'sarif'], { cwd: tree() }).stdout).runs[0];
      assert.equal(tool.driver.name, 'bulwark');
      assert.match(tool.driver.version ?? '', /^\d+\.\d+\.\d+/);
      assert.equal(tool.driver.informationUri, 'https://github.com/bulwark-lint/bulwark');
      assert.deepEqual(tool.driver.rules?.map((rule) => rule.id), allRules.map((rule) => rule.id));
      const levels = { error: 'error', warning: 'warning', info: 'note' };
      for (const [index, descriptor] of (tool.driver.rules ?? []).entries()) {
        const rule = allRules[index];
        assert.equal(descriptor.shortDescription?.text, rule.title);
        assert.equal(descriptor.help?.markdown, rule.docs);
        assert.equal(descriptor.help?.text, rule.docs);
        assert.ok(descriptor.fullDescription?.text && rule.docs.includes(descriptor.fullDescription.text), `${rule.id}: fullDescription comes from the docs`);
        assert.equal(descriptor.helpUri, ruleDocsUrl(rule.id));
        assert.equal(descriptor.defaultConfiguration?.level, levels[rule.severity]);
        assert.ok((descriptor.properties?.tags ?? []).includes(rule.category), `${rule.id}: tagged with its category`);
      }
      const secretInEnv = tool.driver.rules?.find((rule) => rule.id === 'secret-in-env');
      assert.equal(secretInEnv?.name, 'SecretInEnv');
      assert.deepEqual(secretInEnv?.properties?.tags, ['security', 'secrets', 'external/cis-docker-benchmark/4.10']);
    });

    it('locates results relative to SRCROOT, percent-encoded, with 1-based UTF-16 regions', () => {
      const [run] = parseSarif(bulwark(['scan', '--format', 'sarif'], { cwd: tree() }).stdout).runs;
      assert.equal(run.columnKind, 'utf16CodeUnits');
      assert.equal(run.originalUriBaseIds?.SRCROOT.uri, `${pathToFileURL(realpathSync(tree())).href}/`);
      const results = run.results ?? [];
      assert.equal(results.length, 9);
      for (const result of results) {
        assert.equal(run.tool.driver.rules?.[result.ruleIndex ?? -1]?.id, result.ruleId);
        assert.equal(result.locations?.[0].physicalLocation?.artifactLocation?.uriBaseId, 'SRCROOT');
      }
      assert.deepEqual(
        results.map((result) => `${result.locations?.[0].physicalLocation?.artifactLocation?.uri} ${result.level} ${result.ruleId}`),
        [
          'app/Dockerfile warning image-latest-tag',
          'app/Dockerfile error secret-in-env',
          'compose.yaml warning cap-drop-missing',
          'compose.yaml warning image-untagged',
          'compose.yaml error secret-in-env',
          'compose.yaml error secret-in-env',
          'compose.yaml warning root-user',
          'my%20app/Dockerfile.dev warning image-untagged',
          '%C3%BCn%C3%AFcode/compose.yaml warning image-untagged',
        ],
      );
      const anchored = results[4];
      assert.deepEqual(anchored.locations?.[0].physicalLocation?.region, { startLine: 7, startColumn: 7, endLine: 7, endColumn: 9 });
      assert.match(anchored.message.text ?? '', /^Service "web" sets API_TOKEN to /);
      assert.deepEqual(anchored.relatedLocations, [
        {
          id: 0,
          physicalLocation: { artifactLocation: { uri: 'compose.yaml', uriBaseId: 'SRCROOT' }, region: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 12 } },
          message: { text: 'API_TOKEN is defined here' },
        },
      ]);
      assert.equal(results[0].relatedLocations, undefined);
      assert.deepEqual(run.invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    });

    it('names a file outside the current folder by its absolute URL', () => {
      const run = bulwark(['scan', '--format', 'sarif', '../app'], { cwd: join(tree(), 'my app') });
      assert.equal(run.stderr, '');
      const log = parseSarif(run.stdout);
      assert.deepEqual(sarifSchemaErrors(log), []);
      const dockerfileUrl = pathToFileURL(join(realpathSync(tree()), 'app', 'Dockerfile')).href;
      assert.deepEqual(
        (log.runs[0].results ?? []).map((result) => result.locations?.[0].physicalLocation?.artifactLocation),
        [{ uri: dockerfileUrl }, { uri: dockerfileUrl }],
      );
    });
  });

  describe('--output', () => {
    for (const format of ['text', 'json', 'sarif', 'github', 'gitlab', 'junit', 'checkstyle']) {
      it(`writes the ${format} report to the file and nothing on stdout`, () => {
        const output = join('reports', format, `bulwark.${format}`);
        const run = bulwark(['scan', '--format', format, '--output', output], { cwd: tree() });
        assert.equal(run.status, 1, run.stderr);
        assert.equal(run.stdout, '');
        assert.equal(run.stderr, '');
        const written = readFileSync(join(tree(), output), 'utf8');
        const onStdout = bulwark(['scan', '--format', format], { cwd: tree() }).stdout;
        assert.equal(written, onStdout);
        assert.doesNotMatch(written, /\x1b\[/);
      });
    }

    it('exits with 2 when the file cannot be written', () => {
      mkdirSync(join(tree(), 'a-folder'), { recursive: true });
      const run = bulwark(['scan', '--output', 'a-folder'], { cwd: tree() });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^bulwark: could not write a-folder: /);
      assert.equal(run.stdout, '');
      assert.ok(existsSync(join(tree(), 'a-folder')));
    });
  });

  describe('secrets', () => {
    for (const format of ['text', 'json', 'sarif', 'github', 'gitlab', 'junit', 'checkstyle']) {
      it(`never appear in clear in the ${format} report`, () => {
        const run = bulwark(['scan', '--format', format], { cwd: tree() });
        const output = `${run.stdout}${run.stderr}`;
        for (const secret of SECRETS) {
          assert.ok(!output.includes(secret), `${format} output shows ${secret}`);
          // Nor a long enough piece of it to use.
          assert.ok(!output.includes(secret.slice(4, -4)), `${format} output shows the middle of ${secret}`);
        }
        // The secrets were found, and shown redacted.
        assert.equal((output.match(/secret-in-env/g) ?? []).length >= 3, true);
        assert.ok(output.includes('ghp_********'));
      });
    }
  });
});
