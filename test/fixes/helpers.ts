import * as assert from 'node:assert/strict';
import { lint, type Fix, type Severity, type WorkspaceView } from '../../rules';
import { applyEdits } from '../../rules/fixes/edits';
import { LineIndex } from '../../rules/text';
import { memoryWorkspace } from '../helpers/memory-workspace';

/** An in-memory tree of files by location: the workspace the engine reads, and where fixes write. */
export type Tree = Record<string, string>;

export function workspaceOf(tree: Tree): WorkspaceView {
  return memoryWorkspace(tree);
}

/** The fixes of the findings of `ruleId`. */
export function fixesOf(uri: string, text: string, ruleId: string, tree: Tree = {}): Fix[] {
  return lint({ uri, text }, { workspace: workspaceOf(tree) })
    .findings.filter((f) => f.ruleId === ruleId)
    .flatMap((f) => f.fixes ?? []);
}

/** Applies a fix's edits to `text` and its file changes to a copy of `tree`, as the CLI does. */
export function applyFix(text: string, fix: Fix, tree: Tree = {}): { text: string; tree: Tree } {
  const files = { ...tree };
  for (const change of fix.files ?? []) {
    if (change.kind === 'create') {
      assert.equal(files[change.uri], undefined, `the fix creates ${change.uri}, which exists`);
      files[change.uri] = change.text;
    } else {
      const current = files[change.uri];
      assert.notEqual(current, undefined, `the fix edits ${change.uri}, which does not exist`);
      files[change.uri] = applyEdits(current, new LineIndex(current), change.edits);
    }
  }
  return { text: applyEdits(text, new LineIndex(text), fix.edits), tree: files };
}

/**
 * Applies the fix titled like `title` (the only one when not given) of the one finding of `ruleId`,
 * checks that the finding is gone (or `milder`) and the file still parses, and returns the new text and tree.
 */
export function fixed(uri: string, text: string, ruleId: string, options: { tree?: Tree; title?: RegExp; safe?: boolean; milder?: Severity } = {}): { text: string; tree: Tree; fix: Fix } {
  const tree = options.tree ?? {};
  const findings = lint({ uri, text }, { workspace: workspaceOf(tree) }).findings.filter((f) => f.ruleId === ruleId);
  assert.equal(findings.length, 1, `expected one ${ruleId} finding`);
  const fixes = findings[0].fixes ?? [];
  const fix = options.title ? fixes.find((f) => options.title!.test(f.title)) : fixes[0];
  assert.ok(fix, `no fix like ${options.title} among ${fixes.map((f) => f.title).join(', ')}`);
  if (!options.title) assert.equal(fixes.length, 1, 'expected one fix');
  assert.equal(fix.safe, options.safe ?? false);
  const result = applyFix(text, fix, tree);
  const left = lint({ uri, text: result.text }, { workspace: workspaceOf(result.tree) }).findings;
  // A fix may only soften a finding (a sensitive mount made read-only is still reported, milder).
  const remaining = left.filter((f) => f.ruleId === ruleId && f.severity !== options.milder);
  assert.deepEqual(remaining, [], `the fix leaves a ${ruleId} finding:\n${result.text}`);
  assert.deepEqual(left.filter((f) => f.ruleId === 'parse-error'), [], `the fixed file does not parse:\n${result.text}`);
  return { ...result, fix };
}
