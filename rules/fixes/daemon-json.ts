import { modify, type JSONPath } from 'jsonc-parser';
import type { DaemonModel } from '../model/daemon';
import type { Fix } from '../types';
import { lineBreakOf } from './edits';

/**
 * An unsafe fix that sets (or, with `undefined`, removes) a value in daemon.json, written in the
 * file's own indentation and line breaks by the JSON parser's formatting-preserving edits.
 */
export function daemonJsonFix(model: DaemonModel, title: string, changes: Array<[JSONPath, unknown]>): Fix | undefined {
  if (!model.root || model.syntaxProblems.length > 0) return undefined;
  const indent = /^([ \t]+)"/m.exec(model.text)?.[1] ?? '  ';
  const formattingOptions = { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: lineBreakOf(model.text) };
  // Each change is computed on the text the previous ones produced, so that they compose; the
  // result is then given as one edit over the object they touch.
  let text = model.text;
  for (const [path, value] of changes) {
    for (const edit of modify(text, path, value, { formattingOptions }).sort((a, b) => b.offset - a.offset)) {
      text = text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);
    }
  }
  if (text === model.text) return undefined;
  let start = 0;
  while (start < text.length && text[start] === model.text[start]) start++;
  let end = 0;
  while (end < model.text.length - start && end < text.length - start && text[text.length - 1 - end] === model.text[model.text.length - 1 - end]) end++;
  return {
    title,
    safe: false,
    edits: [{ range: model.lines.range(start, model.text.length - end), newText: text.slice(start, text.length - end) }],
  };
}
