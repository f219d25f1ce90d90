import { isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ComposeModel, ComposeService } from '../model/compose';
import { LineIndex } from '../text';
import type { FileChange, Finding, Fix, TextEdit } from '../types';
import { nodeSpan } from './yaml-edits';

/** An edit that inserts a whole line before line `line`, or after the last line when `line` is past it. */
export function insertLineBefore(lines: LineIndex, line: number, text: string): TextEdit {
  const eol = lines.lineBreak;
  if (line < lines.lineCount) {
    const at = { line, character: 0 };
    return { range: { start: at, end: at }, newText: `${text}${eol}` };
  }
  const end = lines.positionAt(lines.text.length);
  const needsBreak = lines.text.length > 0 && !/[\r\n]$/.test(lines.text);
  return { range: { start: end, end }, newText: `${needsBreak ? eol : ''}${text}${eol}` };
}

/** The keys a service's new key goes after, where people write them: what the service runs, then its environment. */
const LEADING_SERVICE_KEYS = new Set(['image', 'build', 'environment', 'env_file']);

/**
 * An edit that adds `key: value` to a service, with the indentation of its other keys: after the
 * last of its `image`, `build`, `environment` and `env_file` (where people write the keys that
 * follow), or as its first key when it has none of them; before the first key of a flow-style
 * (`{...}`) service. Undefined for an empty service, where the key's place is unknown.
 */
export function addServiceKey(model: ComposeModel, service: ComposeService, keyAndValue: string): TextEdit | undefined {
  const map: YAMLMap = service.node;
  if (map.items.length === 0) return undefined;
  const firstKey = map.items[0].key as { range?: [number, number, number] } | null;
  if (!firstKey?.range) return undefined;
  const position = model.lines.positionAt(firstKey.range[0]);
  if (map.flow) return { range: { start: position, end: position }, newText: `${keyAndValue}, ` };
  if (position.line <= service.keyRange.start.line) return undefined;
  const indent = model.lines.lineText(position.line).slice(0, position.character);
  if (!/^[ ]*$/.test(indent)) return undefined;
  const leading = (map.items as Array<Pair<Node, Node | null>>).filter((pair) => isScalar(pair.key) && LEADING_SERVICE_KEYS.has(String(pair.key.value)));
  const after = leading[leading.length - 1];
  if (!after) return insertLineBefore(model.lines, position.line, `${indent}${keyAndValue}`);
  const end = nodeSpan(model, after.value?.range ? after.value : after.key)[1];
  return insertLineBefore(model.lines, model.lines.positionAt(end).line + 1, `${indent}${keyAndValue}`);
}

/**
 * The change that makes sure the file `uri`, whose text is now `text` (undefined: it does not
 * exist), holds `line`: the file created with it, the line appended, or nothing when a line of the
 * file says the same (`secrets/`, `/secrets`, `secrets/**` all ignore one folder). Fixes compute
 * it from the file as their lint read it; a caller applying an older fix recomputes it from the
 * file as it is now (`FileChange.ensureLine`), so the line is never added twice.
 */
export function ensureLineChange(uri: string, text: string | undefined, line: string): FileChange | undefined {
  if (text === undefined) return { kind: 'create', uri, text: `${line}\n`, ensureLine: line };
  const lines = new LineIndex(text);
  const wanted = sameIgnoreLine(line);
  for (let i = 0; i < lines.lineCount; i++) if (sameIgnoreLine(lines.lineText(i)) === wanted) return undefined;
  return { kind: 'edit', uri, edits: [insertLineBefore(lines, lines.lineCount, line)], ensureLine: line };
}

function sameIgnoreLine(line: string): string {
  return line.trim().replace(/^\//, '').replace(/\/\**$/, '');
}

/** A rule's `fixes` from a fix that may not be possible here. */
export function fixesOf(fix: Fix | undefined): Fix[] | undefined {
  return fix && [fix];
}

/** Applies non-overlapping edits to a text (the CLI's --fix and the tests use it). */
export function applyEdits(text: string, lines: LineIndex, edits: readonly TextEdit[]): string {
  // From the end backwards; insertions at one point keep their order in the list, as in LSP.
  const sorted = edits
    .map((edit, index) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), newText: edit.newText, index }))
    .sort((a, b) => b.start - a.start || b.end - a.end || b.index - a.index);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

export interface FixSelection {
  /** The fixes chosen, one per finding at most, whose edits do not overlap. */
  fixes: Fix[];
  /** Their edits on the linted document. */
  edits: TextEdit[];
  /** Their changes to other files, in order, each identical change once. */
  files: FileChange[];
}

export interface FixOptions {
  /** Take unsafe fixes too. */
  unsafe: boolean;
  /** Whether a file exists now; a fix that would create an existing file is left out. */
  fileExists?(uri: string): boolean;
}

/**
 * Chooses the first eligible fix of each finding whose edits do not overlap an edit already taken
 * (overlapping fixes wait for the next pass). Changes to another file conflict unless they are
 * identical to one taken (two secrets moved out of one file both add `secrets/` to `.gitignore`).
 * Unsafe fixes only with `unsafe`. The CLI's --fix and the editor's fix-all use it.
 */
export function selectFixes(text: string, findings: readonly Finding[], options: FixOptions): FixSelection {
  const lines = new LineIndex(text);
  const taken: Array<[number, number]> = [];
  const selection: FixSelection = { fixes: [], edits: [], files: [] };
  const changeKeys = new Set<string>();
  const otherUris = new Set<string>();
  for (const finding of findings) {
    const fix = finding.fixes?.find((f) => (f.safe || options.unsafe) && !createsExistingFile(f, options));
    if (!fix) continue;
    const spans = fix.edits.map((edit) => [lines.offsetAt(edit.range.start), lines.offsetAt(edit.range.end)] as [number, number]);
    // Two insertions at one point also conflict: their order would be arbitrary.
    const overlaps = spans.some(([start, end]) => taken.some(([s, e]) => (start < e && s < end) || start === s));
    const newChanges = (fix.files ?? []).filter((change) => !changeKeys.has(JSON.stringify(change)));
    if (overlaps || newChanges.some((change) => otherUris.has(change.uri))) continue;
    taken.push(...spans);
    selection.fixes.push(fix);
    selection.edits.push(...fix.edits);
    for (const change of newChanges) changeKeys.add(JSON.stringify(change));
    for (const change of newChanges) otherUris.add(change.uri);
    selection.files.push(...newChanges);
  }
  return selection;
}

function createsExistingFile(fix: Fix, options: FixOptions): boolean {
  return (fix.files ?? []).some((change) => change.kind === 'create' && options.fileExists?.(change.uri) === true);
}

/** Applies the fixes `selectFixes` chooses to `text`; the changes to other files are the caller's to make. */
export function applyFixes(text: string, findings: readonly Finding[], options: FixOptions): { text: string; applied: number; files: FileChange[] } {
  const { fixes, edits, files } = selectFixes(text, findings, options);
  return { text: fixes.length === 0 ? text : applyEdits(text, new LineIndex(text), edits), applied: fixes.length, files };
}
