import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import type { ComposeModel, ComposeService, EnvironmentVariable, MapEntry, Traced } from '../model/compose';
import type { Fix, Range, TextEdit } from '../types';
import { addServiceKey } from './edits';
import { appendMapEntry, nodeSpan, ownPair, removePair, removeSequenceItem, replaceSpan } from './yaml-edits';

/**
 * Fixes of the Compose rules, built on the formatting-preserving edits. A value that comes from an
 * anchor, a merge key or `extends` is not fixed: the edit would change every service sharing it.
 */

/** One fix from one edit, or none when the edit could not be made. */
export function fixOf(title: string, safe: boolean, edit: TextEdit | undefined): Fix[] | undefined {
  return edit && [{ title, safe, edits: [edit] }];
}

/** Whether a service's key and value are written in the service itself. */
function inPlace(entry: MapEntry | 'unknown' | undefined): entry is MapEntry {
  return entry !== undefined && entry !== 'unknown' && !entry.definedAt && !entry.value?.definedAt;
}

/** Removes a service's key with its value. */
export function removeServiceKey(model: ComposeModel, service: ComposeService, entry: MapEntry | 'unknown' | undefined): TextEdit | undefined {
  if (!inPlace(entry)) return undefined;
  const pair = ownPair(service.node, entry.key);
  return pair && removePair(model, service.node, pair);
}

/** Removes an item of a service's list (`cap_add`, `security_opt`), and the key with the list when it was the only item. */
export function removeServiceListItem(model: ComposeModel, service: ComposeService, key: string, item: Traced): TextEdit | undefined {
  const pair = ownPair(service.node, key);
  if (item.definedAt || !pair || !isSeq(pair.value) || !pair.value.items.includes(item.node)) return undefined;
  return removeSequenceItem(model, pair.value, item.node, { map: service.node, pair });
}

/**
 * Removes a variable from the `environment` or `args` (map or list form) of `holder` (a service or
 * its `build`), and the key itself when it was the only variable.
 */
export function removeAssignment(model: ComposeModel, holder: YAMLMap, key: string, variable: EnvironmentVariable): TextEdit | undefined {
  const pair = ownPair(holder, key);
  if (variable.definedAt || !pair) return undefined;
  const start = model.lines.offsetAt(variable.range.start);
  if (isSeq(pair.value)) {
    const item = (pair.value.items as Node[]).find((node) => node.range?.[0] === start);
    return item && removeSequenceItem(model, pair.value, item, { map: holder, pair });
  }
  if (!isMap(pair.value)) return undefined;
  const map: YAMLMap = pair.value;
  const variablePair = map.items.find((candidate) => (candidate.key as Node | null)?.range?.[0] === start);
  if (!variablePair) return undefined;
  return map.items.length === 1 ? removePair(model, holder, pair) : removePair(model, map, variablePair as never);
}

/** Sets a service's key to `value`: replaces the value written in the service, or adds the key. */
export function setServiceKey(model: ComposeModel, service: ComposeService, entry: MapEntry | 'unknown' | undefined, key: string, value: string): TextEdit | undefined {
  if (entry === undefined) return addServiceKey(model, service, `${key}: ${value}`);
  if (!inPlace(entry) || !entry.value) return undefined;
  return replaceSpan(model, nodeSpan(model, entry.value.node), value);
}

/** An item of a list written in place: its range in the document, and where it is defined otherwise. */
interface PlacedItem {
  range: Range;
  definedAt?: Range;
}

/**
 * Rewrites a one-line scalar written in place (a short-syntax port, volume or tmpfs): `rewrite`
 * maps its text, without quotes, to the new one. Undefined for escapes or block scalars, whose text
 * is not what they mean.
 */
export function rewriteScalar(model: ComposeModel, item: PlacedItem, rewrite: (text: string) => string | undefined): TextEdit | undefined {
  if (item.definedAt) return undefined;
  const start = model.lines.offsetAt(item.range.start);
  const end = model.lines.offsetAt(item.range.end);
  const raw = model.text.slice(start, end);
  const quote = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
  if ((quote && (raw.length < 2 || !raw.endsWith(quote))) || /[\\\n]|''/.test(raw) || /^[|>&*!]/.test(raw)) return undefined;
  const text = rewrite(quote ? raw.slice(1, -1) : raw);
  return text === undefined ? undefined : replaceSpan(model, [start + quote.length, end - quote.length], text);
}

/** Sets a key of a long-syntax list item (a port's `host_ip`, a volume's `read_only`), the item written in place. */
export function setItemKey(model: ComposeModel, service: ComposeService, listKey: string, item: PlacedItem, key: string, value: string): TextEdit | undefined {
  const pair = ownPair(service.node, listKey);
  if (item.definedAt || !pair || !isSeq(pair.value)) return undefined;
  const at = model.lines.offsetAt(item.range.start);
  const map = (pair.value.items as Node[]).find((node): node is YAMLMap => isMap(node) && !!node.range && node.range[0] <= at && at < node.range[1]);
  if (!map) return undefined;
  const existing = ownPair(map, key);
  if (!existing) return appendMapEntry(model, map, key, value);
  return existing.value?.range ? replaceSpan(model, nodeSpan(model, existing.value), value) : undefined;
}
