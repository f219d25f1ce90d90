import type { YAMLMap } from 'yaml';
import type { ComposeModel, ComposeService } from '../model/compose';
import { LineIndex } from '../text';
import type { Finding, TextEdit } from '../types';

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

/**
 * An edit that adds `key: value` as the first key of a service written in block style, with the
 * indentation of its other keys. Undefined for a flow-style (`{...}`) or empty service, where an
 * inserted line could not be placed safely.
 */
export function addServiceKey(model: ComposeModel, service: ComposeService, keyAndValue: string): TextEdit | undefined {
  const map: YAMLMap = service.node;
  if (map.flow || map.items.length === 0) return undefined;
  const firstKey = map.items[0].key as { range?: [number, number, number] } | null;
  if (!firstKey?.range) return undefined;
  const position = model.lines.positionAt(firstKey.range[0]);
  if (position.line <= service.keyRange.start.line) return undefined;
  const indent = model.lines.lineText(position.line).slice(0, position.character);
  if (!/^[ ]*$/.test(indent)) return undefined;
  return insertLineBefore(model.lines, position.line, `${indent}${keyAndValue}`);
}

/** Applies non-overlapping edits to a text (the CLI's --fix and the tests use it). */
export function applyEdits(text: string, lines: LineIndex, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((edit) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

/**
 * Applies, to `text`, the first eligible fix of each finding whose edits do not overlap an edit
 * already taken (overlapping fixes wait for the next pass), and counts them. Unsafe fixes only with
 * `unsafe`. The CLI's --fix and a fix-all use it.
 */
export function applyFixes(text: string, findings: readonly Finding[], options: { unsafe: boolean }): { text: string; applied: number } {
  const lines = new LineIndex(text);
  const taken: Array<[number, number]> = [];
  const edits: TextEdit[] = [];
  let applied = 0;
  for (const finding of findings) {
    const fix = finding.fixes?.find((f) => f.safe || options.unsafe);
    if (!fix) continue;
    const spans = fix.edits.map((edit) => [lines.offsetAt(edit.range.start), lines.offsetAt(edit.range.end)] as [number, number]);
    // Two insertions at one point also conflict: their order would be arbitrary.
    const overlaps = spans.some(([start, end]) => taken.some(([s, e]) => (start < e && s < end) || start === s));
    if (overlaps) continue;
    taken.push(...spans);
    edits.push(...fix.edits);
    applied++;
  }
  return { text: applied === 0 ? text : applyEdits(text, lines, edits), applied };
}
