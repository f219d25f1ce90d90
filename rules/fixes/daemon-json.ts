import type { DaemonModel } from '../model/daemon';
import { settingOf } from '../model/dockerd';
import type { Fix, TextEdit } from '../types';

/**
 * An unsafe fix that sets top-level daemon.json keys: a key already there gets its value replaced
 * in place, the others are added before the first key, on lines of their own when the keys are,
 * with the same indentation. Only the touched spans change. None on a file that is not valid JSON.
 */
export function setKeysFix(model: DaemonModel, title: string, entries: Array<[string, unknown]>): Fix | undefined {
  const root = model.root;
  if (!root || model.syntaxProblems.length > 0) return undefined;
  const edits: TextEdit[] = [];
  const added: string[] = [];
  for (const [key, value] of entries) {
    const existing = settingOf(model, key);
    if (existing) edits.push({ range: existing.valueRange, newText: JSON.stringify(value) });
    else added.push(`${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  }
  if (added.length > 0) {
    const eol = model.lines.lineBreak;
    const first = root.children?.[0];
    if (first) {
      const at = model.lines.positionAt(first.offset);
      const before = model.lines.lineText(at.line).slice(0, at.character);
      const separator = /^\s*$/.test(before) ? `,${eol}${before}` : ', ';
      edits.push({ range: { start: at, end: at }, newText: added.map((entry) => entry + separator).join('') });
    } else {
      edits.push({ range: model.lines.range(root.offset, root.offset + root.length), newText: `{${eol}${added.map((entry) => `  ${entry}`).join(`,${eol}`)}${eol}}` });
    }
  }
  return { title, safe: false, edits };
}

/** An unsafe fix that removes one item of a top-level list, with the comma that separates it. */
export function removeItemFix(model: DaemonModel, title: string, key: string, index: number): Fix | undefined {
  if (model.syntaxProblems.length > 0) return undefined;
  const property = model.root?.children?.find((p) => p.children?.[0]?.value === key);
  const items = property?.children?.[1]?.type === 'array' ? (property.children[1].children ?? []) : [];
  const item = items[index];
  if (!item) return undefined;
  const next = items[index + 1];
  const previous = items[index - 1];
  const [start, end] = next ? [item.offset, next.offset] : previous ? [previous.offset + previous.length, item.offset + item.length] : [item.offset, item.offset + item.length];
  return { title, safe: false, edits: [{ range: model.lines.range(start, end), newText: '' }] };
}
