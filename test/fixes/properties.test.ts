import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { scan } from '../../cli/scan';
import { pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { applyFixes, detectKind, lint, rules, type Finding, type Fix, type WorkspaceView } from '../../rules';
import { LineIndex } from '../../rules/text';
import { folderUri, isWithin, listDirectoryOnDisk } from '../../disk/workspace';
import { memoryWorkspace } from '../helpers/memory-workspace';
import { FIXTURES } from './fixtures';
import { applyFix, type Tree } from './helpers';

/**
 * The promise every fix makes, checked for every fix the engine offers on a set of documents:
 * applied, it leaves a file that still parses, without the finding it fixed (at most a milder one),
 * without a new error, with every line it did not mean to touch unchanged and its line ends kept;
 * it creates only files that do not exist and edits only files that do.
 */

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const CORPUS = resolve(REPO_ROOT, '..', 'shared', 'corpus', 'real-world');

/** The disk the example project and the corpus are listed from: the repository and what stands beside it. */
const DISK_ROOTS = [folderUri(resolve(REPO_ROOT, '..'))];

function fixtureWorkspace(overlay: Tree, disk: boolean): WorkspaceView {
  const inMemory = memoryWorkspace(overlay);
  return {
    listDirectory: (location) => (disk && isWithin(location, DISK_ROOTS) ? listDirectoryOnDisk(location) : undefined) ?? inMemory.listDirectory(location),
    readFile(location) {
      if (location in overlay) return overlay[location];
      if (!disk) return undefined;
      try {
        const path = new URL(location).pathname;
        return existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

interface Checked {
  fixes: number;
  rules: Set<string>;
}

function checkAllFixes(uri: string, text: string, tree: Tree, disk: boolean, checked: Checked): void {
  const workspace = fixtureWorkspace(tree, disk);
  const before = lint({ uri, text }, { workspace }).findings;
  for (const finding of before) {
    for (const fix of finding.fixes ?? []) {
      checkFix(uri, text, tree, disk, before, finding, fix);
      checked.fixes++;
      checked.rules.add(finding.ruleId);
    }
  }
}

function checkFix(uri: string, text: string, tree: Tree, disk: boolean, before: Finding[], finding: Finding, fix: Fix): void {
  const where = `${finding.ruleId} "${fix.title}" in ${uri}`;
  for (const change of fix.files ?? []) {
    const exists = fixtureWorkspace(tree, disk).readFile(change.uri) !== undefined;
    assert.equal(exists, change.kind === 'edit', `${where}: ${change.kind === 'create' ? 'creates an existing' : 'edits a missing'} file ${change.uri}`);
  }
  // The files the fix edits, as they are now (on the disk, for the example project and the corpus).
  const current = { ...tree };
  for (const change of fix.files ?? []) if (change.kind === 'edit') current[change.uri] = fixtureWorkspace(tree, disk).readFile(change.uri)!;
  const result = applyFix(text, fix, current);
  const after = lint({ uri, text: result.text }, { workspace: fixtureWorkspace(result.tree, disk) }).findings;

  // It parses, as well as before.
  const syntax = (findings: Finding[]) => findings.filter((f) => f.ruleId === 'parse-error').length;
  assert.ok(syntax(after) <= syntax(before), `${where}: the result does not parse:\n${result.text}`);
  if (detectKind(uri) === 'compose' && parseDocument(text).errors.length === 0) {
    assert.deepEqual(parseDocument(result.text).errors.map((e) => e.message), [], `${where}: invalid YAML:\n${result.text}`);
  }

  for (const change of fix.files ?? []) {
    if (change.kind === 'edit' && detectKind(change.uri) === 'compose') {
      assert.deepEqual(parseDocument(result.tree[change.uri]).errors.map((e) => e.message), [], `${where}: leaves invalid YAML in ${change.uri}`);
    }
  }

  // The finding is gone from where it was (a milder one may stay: a sensitive mount made read-only).
  const line = mappedLine(fix, finding.range.start.line);
  const stays = after.filter((f) => f.ruleId === finding.ruleId && f.range.start.line === line && f.severity === finding.severity && f.message === finding.message);
  assert.deepEqual(stays, [], `${where}: the finding is still there:\n${result.text}`);

  // No new error.
  const errors = (findings: Finding[]) => findings.filter((f) => f.severity === 'error').length;
  assert.ok(errors(after) <= errors(before), `${where}: a new error appeared: ${after.filter((f) => f.severity === 'error').map((f) => f.ruleId).join(', ')}\n${result.text}`);

  // Every line the edits do not touch is still there, in order; the line ends are those of the file.
  assertUntouchedLinesKept(text, result.text, fix, where);
  if (/\r\n/.test(text) && !/(^|[^\r])\n/.test(text)) assert.ok(!/(^|[^\r])\n/.test(result.text), `${where}: a LF line end in a CRLF file`);
}

/** The line an original line moved to once the fix's edits above it are applied. */
function mappedLine(fix: Fix, line: number): number {
  let shift = 0;
  for (const edit of fix.edits) {
    if (edit.range.end.line > line || (edit.range.end.line === line && edit.range.end.character > 0)) continue;
    shift += edit.newText.split(/\r\n|\r|\n/).length - 1 - (edit.range.end.line - edit.range.start.line);
  }
  return line + shift;
}

function assertUntouchedLinesKept(original: string, result: string, fix: Fix, where: string): void {
  const touched = new Set<number>();
  for (const { range } of fix.edits) {
    // An insertion at the start of a line leaves that line as it was.
    const lastTouched = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
    if (range.start.line === range.end.line && range.start.character === 0 && range.end.character === 0) continue;
    for (let l = range.start.line; l <= lastTouched; l++) touched.add(l);
  }
  const originalLines = new LineIndex(original);
  const resultLines = new LineIndex(result);
  let next = 0;
  for (let l = 0; l < originalLines.lineCount; l++) {
    if (touched.has(l)) continue;
    const wanted = originalLines.lineText(l);
    while (next < resultLines.lineCount && resultLines.lineText(next) !== wanted) next++;
    assert.ok(next < resultLines.lineCount, `${where}: line ${l + 1} ${JSON.stringify(wanted)} changed or moved:\n${result}`);
    next++;
  }
}

function corpusFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...corpusFiles(path));
    else if (detectKind(entry.name)) found.push(path);
  }
  return found;
}

describe('every fix keeps its promise', () => {
  it('on the fixtures, and every rule with a fix offers one there', () => {
    const checked: Checked = { fixes: 0, rules: new Set() };
    for (const [uri, text] of Object.entries(FIXTURES)) checkAllFixes(uri, text, FIXTURES, false, checked);
    // A fix that needs a registry's answers (pin to digest) has its own tests against real registries.
    const fixable = rules.filter((rule) => rule.fix.available && !rule.fix.online).map((rule) => rule.id);
    assert.deepEqual(fixable.filter((id) => !checked.rules.has(id)), [], 'rules with a fix that the fixtures do not exercise');
    assert.ok(checked.fixes >= 35, `only ${checked.fixes} fixes checked`);
  });

  it('applied all together, pass after pass, they come to an end with every file parsing', () => {
    for (const unsafe of [false, true]) {
      let tree: Tree = { ...FIXTURES };
      for (const uri of Object.keys(FIXTURES)) {
        let passes = 0;
        for (;;) {
          const findings = lint({ uri, text: tree[uri] }, { workspace: fixtureWorkspace(tree, false) }).findings;
          const fixed = applyFixes(tree[uri], findings, { unsafe, fileExists: (location) => location in tree });
          if (fixed.applied === 0) break;
          tree = applyFix(tree[uri], { title: 'all', safe: true, edits: [], files: fixed.files }, tree).tree;
          tree[uri] = fixed.text;
          assert.ok(++passes < 20, `fixing ${uri} does not come to an end`);
        }
        const left = lint({ uri, text: tree[uri] }, { workspace: fixtureWorkspace(tree, false) }).findings;
        assert.deepEqual(left.filter((f) => f.ruleId === 'parse-error'), [], `${uri} no longer parses:\n${tree[uri]}`);
      }
    }
  });

  it('on the example project', () => {
    const checked: Checked = { fixes: 0, rules: new Set() };
    for (const name of ['compose.yaml', 'Dockerfile']) {
      const path = join(REPO_ROOT, 'examples', 'webapp', name);
      checkAllFixes(pathToFileURL(path).href, readFileSync(path, 'utf8'), {}, true, checked);
    }
    assert.ok(checked.fixes > 10);
  });

  it('on the real-world corpus (../shared/corpus), when it is there', function () {
    if (!existsSync(CORPUS)) this.skip();
    const checked: Checked = { fixes: 0, rules: new Set() };
    for (const path of corpusFiles(CORPUS)) {
      const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
      checkAllFixes(pathToFileURL(path).href, text, {}, true, checked);
    }
    assert.ok(checked.fixes > 0);
  });
});

/** Every entry under a folder but those under `except`: a file's content hash, a link's target. */
function snapshotOutside(folder: string, except: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (path: string) => {
    if (path === except) return;
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) entries[relative(folder, path)] = `link ${readlinkSync(path)}`;
    else if (stats.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else entries[relative(folder, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  };
  walk(folder);
  return entries;
}

describe('fixes written by the CLI change no file outside the scanned folder', function () {
  this.timeout(120_000);
  const folders = [...new Set(Object.keys(FIXTURES).map((uri) => dirname(uri.slice('file:///'.length))))].sort();

  // Each link alone: a link the fixes refuse to write through stops the whole pass, hiding the others.
  for (const link of [undefined, '.gitignore', 'secrets', '.dockerignore'] as const) {
    it(`for each folder of the fixtures scanned alone with --fix --unsafe-fixes${link ? `, ${link} a link to a victim folder beside it` : ''}`, function () {
      if (link && process.platform === 'win32') this.skip();
      for (const folder of folders) {
        const base = mkdtempSync(join(tmpdir(), 'bulwark-fix-roots-'));
        try {
          for (const [uri, text] of Object.entries(FIXTURES)) {
            const path = join(base, ...uri.slice('file:///'.length).split('/'));
            mkdirSync(dirname(path), { recursive: true });
            writeFileSync(path, text);
          }
          const victim = join(base, 'victim');
          mkdirSync(join(victim, 'secrets'), { recursive: true });
          writeFileSync(join(victim, 'ignore'), 'node_modules/\n');
          const scanned = join(base, ...folder.split('/'));
          if (link && !existsSync(join(scanned, link))) symlinkSync(join(victim, link === 'secrets' ? 'secrets' : 'ignore'), join(scanned, link));
          const before = snapshotOutside(base, scanned);
          scan([scanned], scanned, { fix: { unsafe: true, write: true } });
          assert.deepEqual(snapshotOutside(base, scanned), before, `scanning ${folder}${sep}`);
        } finally {
          rmSync(base, { recursive: true, force: true });
        }
      }
    });
  }
});
