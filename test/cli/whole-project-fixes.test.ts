import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diskWorkspace, folderUri, MAX_BYTES_READ } from '../../disk/workspace';
import { discoverFiles } from '../../cli/discover';
import { lint, PARSE_ERROR } from '../../rules';
import { LineIndex } from '../../rules/text';
import { bulwark, REPO_ROOT } from './helpers';

/**
 * The proof on whole projects: the projects of the real-world corpus beside the repository
 * (`../shared/corpus/real-world`) and the fixture projects below, copied into one temporary Git
 * repository, fixed through the CLI with every preferred fix (`--fix --unsafe-fixes`). Then every
 * file still parses, no secret value a fix removed is left in a file Git would commit, each one is
 * kept in a file Git ignores (never twice in the same form: one secret file per value and folder,
 * one env line per variable and value), and a second run finds nothing more to fix.
 */

const CORPUS = resolve(REPO_ROOT, '..', 'shared', 'corpus', 'real-world');

/** Projects written for this proof: the cases where a careless move loses a value or breaks the program. */
const FIXTURES: Record<string, string> = {
  // A Node app whose password is read at run time only, and a token its install reads.
  'fixtures/node-app/Dockerfile':
    'FROM node:20\nENV NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789\nWORKDIR /app\nCOPY package*.json ./\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\nCOPY . .\nENV DB_PASSWORD=n0de-App-Passw0rd\nCMD ["node", "server.js"]\n',
  // One password used by three services (two generic apps, one postgres), and an app image read at run time.
  'fixtures/shared-password/compose.yaml':
    'services:\n  api:\n    image: ghcr.io/acme/api:1.2\n    environment:\n      DB_PASSWORD: Sh4red-Passw0rd!\n      MODE: prod\n  worker:\n    image: ghcr.io/acme/worker:1.2\n    environment:\n      - DB_PASSWORD=Sh4red-Passw0rd!\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: Sh4red-Passw0rd!\n',
  // A Dockerfile built by a Compose service that also sets the same variable.
  'fixtures/built/Dockerfile': 'FROM python:3.12-slim\nENV API_KEY=sk_live_0123456789abcdefABCDEF\nCMD ["python", "app.py"]\n',
  'fixtures/built/compose.yaml': 'services:\n  app:\n    build: .\n    environment:\n      API_KEY: sk_live_0123456789abcdefABCDEF\n',
  'fixtures/built/.gitignore': 'node_modules/\n',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=bulwark', '-c', 'user.email=bulwark@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The files Git would commit: tracked, or new and not ignored. */
function committable(root: string): string[] {
  return git(root, 'ls-files', '--cached', '--others', '--exclude-standard', '-z').split('\0').filter(Boolean);
}

/** The values a text holds as a file of the secrets folder: a secret file's whole text, or each value of an env file. */
function keptValues(path: string, text: string): Array<{ form: string; value: string }> {
  if (!path.endsWith('.env')) return [{ form: 'secret file', value: text }];
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const eq = line.indexOf('=');
      const raw = line.slice(eq + 1);
      return { form: `env ${line.slice(0, eq)}`, value: raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw };
    });
}

/** The value a secret finding's text holds: `NAME=value`, `NAME value`, `NAME: value`, a list item, or the credential itself. */
function valueOf(text: string): string {
  const unquoted = text.replace(/^(["'])([\s\S]*)\1$/, '$2');
  const pair = /^[A-Za-z_][A-Za-z0-9_.-]*(?:\s*=|:\s|\s)\s*([\s\S]*)$/.exec(unquoted);
  const value = pair ? pair[1].trim().replace(/^(["'])([\s\S]*)\1$/, '$2') : unquoted;
  return value.replace(/\$\$/g, '$');
}

/** How often `value` occurs as a whole word (not inside a name a fix derived from it, like `postgres_password`). */
function occurrences(text: string, value: string): number {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...text.matchAll(new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`, 'g'))].length;
}

interface Before {
  /** Every secret value a finding reports, with its folder and how often it occurs outside the findings. */
  secrets: Array<{ folder: string; value: string }>;
  parseErrors: Map<string, number>;
  findings: Map<string, number>;
}

/** Lints the copied projects in process, as they are before any fix. */
function lintBefore(root: string): Before {
  const workspace = diskWorkspace([folderUri(root)], MAX_BYTES_READ);
  const before: Before = { secrets: [], parseErrors: new Map(), findings: new Map() };
  for (const file of discoverFiles([root], root).files) {
    const text = readFileSync(file.absolutePath, 'utf8');
    const lines = new LineIndex(text);
    const findings = lint({ uri: pathToFileURL(file.absolutePath).href, text, kind: file.kind }, { workspace }).findings;
    before.parseErrors.set(file.path, findings.filter((f) => f.ruleId === PARSE_ERROR.id).length);
    for (const finding of findings) {
      before.findings.set(finding.ruleId, (before.findings.get(finding.ruleId) ?? 0) + 1);
      if (!finding.ruleId.startsWith('secret-in-') || finding.ruleId === 'secret-in-build-context') continue;
      const value = valueOf(text.slice(lines.offsetAt(finding.range.start), lines.offsetAt(finding.range.end)));
      if (value !== '') before.secrets.push({ folder: dirname(file.path), value });
    }
  }
  return before;
}

describe('bulwark scan --fix: the whole-project proof', function () {
  this.timeout(300_000);
  let root: string;

  before(function () {
    if (!existsSync(CORPUS)) console.log('      the real-world corpus (../shared/corpus/real-world) is not beside the repository: the fixtures alone are fixed');
    root = mkdtempSync(join(tmpdir(), 'bulwark-whole-project-'));
    if (existsSync(CORPUS)) cpSync(CORPUS, join(root, 'corpus'), { recursive: true });
    for (const [path, text] of Object.entries(FIXTURES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'projects as found');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('fixes every project: files parse, no removed secret is committable, each is kept once in an ignored file, and a rerun has nothing to fix', () => {
    const before = lintBefore(root);
    const committedBefore = new Map(committable(root).map((path) => [path, readFileSync(join(root, path), 'utf8')]));
    assert.ok(before.secrets.length > 0, 'the projects hold secrets to move');

    const fixed = bulwark(['scan', '--fix', '--unsafe-fixes', '--fail-on', 'never', '.'], { cwd: root });
    assert.equal(fixed.status, 0, fixed.stderr);
    // The CLI names every file it created or changed, and those are the files that changed.
    const listed = fixed.stderr.split('\n').flatMap((line) => /^bulwark: (?:created|edited) (.+)$/.exec(line)?.slice(1) ?? []);
    const changed = git(root, 'status', '--porcelain', '--ignored', '--untracked-files=all', '-z').split('\0').filter(Boolean).map((entry) => entry.slice(3));
    assert.deepEqual([...listed].sort(), [...changed].sort());

    // Every file still parses: no file has more parse errors than before.
    const after = JSON.parse(bulwark(['scan', '--format', 'json', '--fail-on', 'never', '.'], { cwd: root }).stdout) as { files: Array<{ path: string; findings: Array<{ ruleId: string }> }> };
    for (const file of after.files) {
      assert.ok(file.findings.filter((f) => f.ruleId === PARSE_ERROR.id).length <= (before.parseErrors.get(file.path) ?? 0), `${file.path} no longer parses`);
    }

    // No removed value is left where Git would commit it: each occurs fewer times than before, by as many as the findings held.
    const committedAfter = new Map(committable(root).map((path) => [path, readFileSync(join(root, path), 'utf8')]));
    const all = (files: Map<string, string>) => [...files.values()].join('\0');
    for (const { value, folder } of new Map(before.secrets.map((secret) => [secret.value, secret])).values()) {
      const removed = before.secrets.filter((secret) => secret.value === value).length;
      const left = occurrences(all(committedAfter), value);
      assert.ok(left <= occurrences(all(committedBefore), value) - removed, `a secret of ${folder} (${value.length} characters) is still in a committable file`);
    }

    // Each removed value is kept in a file of a git-ignored secrets folder beside the file it left, once per form.
    const ignored = git(root, 'ls-files', '--others', '--ignored', '--exclude-standard', '-z').split('\0').filter(Boolean);
    assert.ok(ignored.every((path) => /(?:^|\/)secrets\/[^/]+$/.test(path)), `only secret files are ignored: ${ignored.join(', ')}`);
    const kept = ignored.flatMap((path) => keptValues(path, readFileSync(join(root, path), 'utf8')).map((entry) => ({ ...entry, folder: dirname(dirname(path)) })));
    for (const { folder, value } of before.secrets) {
      const here = kept.filter((entry) => entry.value === value && (entry.folder === folder || folder.startsWith(`${entry.folder}/`)));
      assert.ok(here.length > 0, `a secret of ${folder} (${value.length} characters) is kept nowhere`);
      const forms = here.map((entry) => `${entry.folder} ${entry.form}`);
      assert.equal(new Set(forms).size, forms.length, `a secret of ${folder} is kept twice in one form`);
    }

    // A second run has nothing left to fix.
    const rerun = bulwark(['scan', '--diff', '--unsafe-fixes', '.'], { cwd: root });
    assert.equal(rerun.stdout, '', 'the rerun found fixes to make');
    assert.match(rerun.stderr, /would have applied 0 fixes/);

    // What was fixed and what remains, by rule, for the record.
    const remaining = new Map<string, number>();
    for (const file of after.files) for (const finding of file.findings) remaining.set(finding.ruleId, (remaining.get(finding.ruleId) ?? 0) + 1);
    const summary = [...before.findings.keys()]
      .sort()
      .map((rule) => `${rule} ${before.findings.get(rule)}→${remaining.get(rule) ?? 0}`)
      .join(', ');
    console.log(`      ${/applied \d+ fix(?:es)? in \d+ files?/.exec(fixed.stderr)?.[0]}; ${kept.length} values kept in ${ignored.length} ignored files; findings before→after: ${summary}`);
  });
});
