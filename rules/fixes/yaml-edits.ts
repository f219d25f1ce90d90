import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ComposeModel } from '../model/compose';
import type { TextEdit } from '../types';
import { insertLineBefore } from './edits';

/**
 * Formatting-preserving edits of a Compose file, placed with the offsets the `yaml` parser keeps
 * for every node: the rest of the file (comments, anchors, quotes, line ends) is left byte for byte.
 * Each helper returns undefined where it cannot edit safely (a key sharing its line with another
 * one, say), and the fix is then not offered.
 */

type Span = [number, number];

/** The pair of `key` written in `map` itself (not merged in with `<<`). */
export function ownPair(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  return map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key) as Pair<Node, Node | null> | undefined;
}

/** Where a node's text starts and ends, trailing spaces, comments and line breaks excluded. */
export function nodeSpan(model: ComposeModel, node: Node): Span {
  const [start, end] = node.range ?? [0, 0];
  return [start, trimEnd(model.text, start, end)];
}

function pairSpan(model: ComposeModel, pair: Pair<Node, Node | null>): Span {
  const [start, keyEnd] = nodeSpan(model, pair.key);
  return [start, pair.value?.range ? nodeSpan(model, pair.value)[1] : keyEnd];
}

/** The span of an item of a collection: a pair from its key to the end of its value, or a node. */
function itemSpan(model: ComposeModel, item: unknown): Span {
  return isScalar(item) || isMap(item) || isSeq(item) ? nodeSpan(model, item as Node) : pairSpan(model, item as Pair<Node, Node | null>);
}

/** Removes a pair from its mapping: its whole lines in block style, the pair and a comma in flow style. */
export function removePair(model: ComposeModel, map: YAMLMap, pair: Pair<Node, Node | null>): TextEdit | undefined {
  if (map.flow) return removeFlowItem(model, map.items, map.items.indexOf(pair));
  // The last key of a mapping: removing it would leave a null where a mapping is expected.
  if (map.items.length === 1) return undefined;
  const [start, end] = pairSpan(model, pair);
  return ownsItsLines(model, start, end, /^[ \t]*$/) ? deleteLines(model, start, end) : undefined;
}

/**
 * Removes an item from a sequence; when it is the only one, `holder` (the pair whose value the
 * sequence is) goes with it, so no empty list is left behind.
 */
export function removeSequenceItem(model: ComposeModel, seq: YAMLSeq, item: Node, holder: { map: YAMLMap; pair: Pair<Node, Node | null> }): TextEdit | undefined {
  if (seq.items.length === 1) return removePair(model, holder.map, holder.pair);
  if (seq.flow) return removeFlowItem(model, seq.items, seq.items.indexOf(item));
  const [start, end] = nodeSpan(model, item);
  return ownsItsLines(model, start, end, /^[ \t]*-[ \t]+$/) ? deleteLines(model, start, end) : undefined;
}

/** Appends `itemText` to a sequence in its own style: `, item` before `]`, or a `- item` line like the others. */
export function appendSequenceItem(model: ComposeModel, seq: YAMLSeq, itemText: string): TextEdit | undefined {
  const items = seq.items as Node[];
  if (seq.flow) {
    if (items.length === 0) return insertAt(model, model.text.lastIndexOf(']', nodeSpan(model, seq)[1]), itemText);
    return insertAt(model, itemSpan(model, items[items.length - 1])[1], `, ${itemText}`);
  }
  if (items.length === 0) return undefined;
  const [firstStart] = nodeSpan(model, items[0]);
  const line = model.lines.positionAt(firstStart);
  const prefix = model.lines.lineText(line.line).slice(0, line.character);
  if (!/^[ \t]*-[ \t]+$/.test(prefix)) return undefined;
  const lastEnd = nodeSpan(model, items[items.length - 1])[1];
  return insertLineBefore(model.lines, model.lines.positionAt(lastEnd).line + 1, `${prefix}${itemText}`);
}

/**
 * Adds `key: value` as the last key of a block mapping, with the indentation of its keys, or after
 * the last pair of a flow mapping. `lines` are the value's lines when it is a nested block (each
 * written one indentation step deeper than the key).
 */
export function appendMapEntry(model: ComposeModel, map: YAMLMap, keyText: string, value: string | { lines: string[] }): TextEdit | undefined {
  const items = map.items as Array<Pair<Node, Node | null>>;
  if (map.flow) {
    if (typeof value !== 'string') return undefined;
    const [, end] = nodeSpan(model, map);
    const entry = `${keyText}: ${value}`;
    return items.length === 0 ? insertAt(model, model.text.lastIndexOf('}', end), entry) : insertAt(model, pairSpan(model, items[items.length - 1])[1], `, ${entry}`);
  }
  if (items.length === 0) return undefined;
  const firstKey = model.lines.positionAt(nodeSpan(model, items[0].key)[0]);
  // The first key of a list item follows its `- `: the other keys line up with it.
  if (!/^[ ]*(?:-[ ]+)*$/.test(model.lines.lineText(firstKey.line).slice(0, firstKey.character))) return undefined;
  const indent = ' '.repeat(firstKey.character);
  const lastEnd = pairSpan(model, items[items.length - 1])[1];
  return insertLineBefore(model.lines, model.lines.positionAt(lastEnd).line + 1, blockEntry(model, indent, keyText, value));
}

/** `key: value`, or `key:` and its value's lines one indentation step deeper, as lines of the document. */
function blockEntry(model: ComposeModel, indent: string, keyText: string, value: string | { lines: string[] }): string {
  if (typeof value === 'string') return `${indent}${keyText}: ${value}`;
  const step = ' '.repeat(indentStep(model));
  const eol = /\r\n/.test(model.text) ? '\r\n' : '\n';
  return [`${indent}${keyText}:`, ...value.lines.map((line) => `${indent}${step}${line}`)].join(eol);
}

/** How many spaces the file indents a level by: those of the first service, else 2. */
export function indentStep(model: ComposeModel): number {
  const first = model.services[0];
  if (!first) return 2;
  return first.keyRange.start.character > 0 ? first.keyRange.start.character : 2;
}

/** Replaces the text between two offsets. */
export function replaceSpan(model: ComposeModel, [start, end]: Span, newText: string): TextEdit {
  return { range: model.lines.range(start, end), newText };
}

function insertAt(model: ComposeModel, offset: number, newText: string): TextEdit {
  const at = model.lines.positionAt(offset);
  return { range: { start: at, end: at }, newText };
}

/**
 * Removes an item of a flow collection with the separator next to it: the comma and spaces after
 * it, or before it for the last item. Undefined when a comment sits in the way.
 */
function removeFlowItem(model: ComposeModel, items: unknown[], index: number): TextEdit | undefined {
  if (index < 0) return undefined;
  const [start, end] = itemSpan(model, items[index]);
  let span: Span = [start, end];
  if (index + 1 < items.length) span = [start, itemSpan(model, items[index + 1])[0]];
  else if (index > 0) span = [itemSpan(model, items[index - 1])[1], end];
  if (model.text.slice(span[0], span[1]).includes('#')) return undefined;
  return replaceSpan(model, span, '');
}

/** Whether `[start, end]` fills its lines: `prefix` before it on its first line, at most a comment after it. */
function ownsItsLines(model: ComposeModel, start: number, end: number, prefix: RegExp): boolean {
  const first = model.lines.positionAt(start);
  const last = model.lines.positionAt(end);
  const before = model.lines.lineText(first.line).slice(0, first.character);
  const after = model.lines.lineText(last.line).slice(last.character);
  return prefix.test(before) && /^[ \t]*(?:#.*)?$/.test(after);
}

/** Deletes the whole lines from the one holding `start` to the one holding `end`, line breaks included. */
function deleteLines(model: ComposeModel, start: number, end: number): TextEdit {
  const first = model.lines.positionAt(start).line;
  const last = model.lines.positionAt(end).line;
  const to = last + 1 < model.lines.lineCount ? { line: last + 1, character: 0 } : model.lines.positionAt(model.text.length);
  return { range: { start: { line: first, character: 0 }, end: to }, newText: '' };
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

/** A name that YAML reads back as the same plain string in a key or a flow item. */
const PLAIN_SCALAR = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * A string as a YAML scalar that reads back as itself: plain when it is a plain name, else
 * double-quoted with JSON's escapes (which YAML shares), so that a name from the file such as
 * `#DB_PASSWORD` (a comment), `? X` (a complex key) or one holding a NUL byte stays one string.
 */
export function yamlScalar(text: string): string {
  return PLAIN_SCALAR.test(text) ? text : JSON.stringify(text);
}
