import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import { LineIndex, lineRange } from '../text';
import type { Range, Severity } from '../types';
import { expandVariables } from './variables';

/** Deeper merge-key chains than this are cut off (they can only come from a pathological file). */
const MAX_MERGE_DEPTH = 32;

/**
 * A YAML node seen from where it is used. A value that comes through an alias or a `<<` merge key is
 * anchored at the alias or merge key in the service (`range`), its definition kept as `definedAt`.
 */
export interface Traced<N extends Node = Node> {
  node: N;
  range: Range;
  definedAt?: Range;
}

/** One key of a mapping after merge keys are applied. */
export interface MapEntry {
  key: string;
  /** The key where the service uses it (the `<<` key when it was merged in). */
  keyRange: Range;
  /** Undefined for a key without a value (`privileged:`). */
  value: Traced | undefined;
  /** The key's definition when it was merged in. */
  definedAt?: Range;
}

export interface ComposeService {
  name: string;
  keyRange: Range;
  entries: Map<string, MapEntry>;
  /** The service's own mapping, for fixes that add a key to it. */
  node: YAMLMap;
}

export interface EnvironmentVariable {
  name: string;
  /** Undefined when the variable is only named (`- DEBUG`): its value comes from the host. */
  value: string | undefined;
  /** The whole `NAME: value` pair or `NAME=value` item, where it is used. */
  range: Range;
  /** Offsets of the value inside the document, when it is written in this document at a known place. */
  valueOffsets?: [number, number];
  definedAt?: Range;
}

export interface ComposeModel {
  kind: 'compose';
  text: string;
  lines: LineIndex;
  doc: Document.Parsed;
  services: ComposeService[];
  /** A problem that is not a Docker error (a part left unchecked) says so with a milder severity. */
  syntaxProblems: Array<{ range: Range; message: string; severity?: Severity }>;
}

export function parseCompose(text: string): ComposeModel {
  const lines = new LineIndex(text);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: false, keepSourceTokens: true });
  const model: ComposeModel = { kind: 'compose', text, lines, doc, services: [], syntaxProblems: [] };
  // A `---` stream is valid Compose (the documents are merged), not a YAML error; only the first document is read.
  const errors = doc.errors.filter((error) => error.code !== 'MULTIPLE_DOCS');
  const nextDocument = doc.errors.find((error) => error.code === 'MULTIPLE_DOCS');
  if (errors.length > 0) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (${errors.length - 1} more YAML error${errors.length > 2 ? 's' : ''} follow)` : '';
    // The parser gives up on deep nesting with the engine's own words ("Maximum call stack size exceeded").
    const problem = first.code === 'RESOURCE_EXHAUSTION' ? 'The YAML is nested too deeply to be read, so the file was not checked.' : `Invalid YAML: ${firstLine(first.message)}${more}`;
    model.syntaxProblems.push({ range: lines.range(first.pos[0], Math.max(first.pos[1], first.pos[0] + 1)), message: problem });
    return model;
  }
  if (nextDocument) {
    model.syntaxProblems.push({
      range: lineRange(lines, lines.positionAt(nextDocument.pos[0]).line),
      message: 'A second YAML document starts here: Compose merges the documents of a file, Bulwark checks only the first one, so the rest of this file was not checked.',
      severity: 'warning',
    });
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return model;
  if (!isMap(root)) {
    // The first line only: the node may be the whole file.
    model.syntaxProblems.push({ range: lineRange(lines, nodeRange(lines, root).start.line), message: 'Not a Compose file: the top level must be a mapping with a `services` key.' });
    return model;
  }
  const top = mapEntries(doc, lines, root);
  const services = top.get('services');
  if (services) {
    if (services.value && isMap(services.value.node)) model.services = readServices(doc, lines, services.value.node);
    else if (services.value && !(isScalar(services.value.node) && services.value.node.value === null)) {
      model.syntaxProblems.push({ range: services.value.range, message: 'Not a Compose file: `services` must be a mapping of service names to their definitions.' });
    }
  } else if (looksLikeLegacyServices(top)) {
    // Compose file format v1: the services are the top-level keys.
    model.services = readServices(doc, lines, root);
  }
  return model;
}

function readServices(doc: Document.Parsed, lines: LineIndex, map: YAMLMap): ComposeService[] {
  const services: ComposeService[] = [];
  for (const entry of mapEntries(doc, lines, map).values()) {
    if (entry.key.startsWith('x-') || !entry.value || !isMap(entry.value.node)) continue;
    services.push({ name: entry.key, keyRange: entry.keyRange, node: entry.value.node, entries: mapEntries(doc, lines, entry.value.node, entry.value.definedAt ? entry.value.range : undefined) });
  }
  return services;
}

function looksLikeLegacyServices(top: Map<string, MapEntry>): boolean {
  for (const entry of top.values()) {
    if (entry.key === 'version' || entry.key.startsWith('x-')) continue;
    if (!entry.value || !isMap(entry.value.node)) return false;
    if (!entry.value.node.items.some((pair) => isScalar(pair.key) && (pair.key.value === 'image' || pair.key.value === 'build'))) return false;
  }
  return top.size > 0;
}

/**
 * The effective keys of a mapping: its own keys, then those brought in by `<<` merge keys (earlier
 * sources first), each traced to where it is used. `usedAt` is set when the mapping itself was reached
 * through an alias or merge key: every entry is then anchored there. A mapping merged a second time
 * adds nothing its first expansion did not, so each is expanded once: that ends cycles and keeps a
 * "billion laughs" of merge keys linear.
 */
export function mapEntries(doc: Document.Parsed, lines: LineIndex, map: YAMLMap, usedAt?: Range, expanded = new Set<YAMLMap>(), depth = 0): Map<string, MapEntry> {
  expanded.add(map);
  const entries = new Map<string, MapEntry>();
  const merges: Array<{ sources: YAMLMap[]; at: Range }> = [];
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') continue;
    const key = String(keyNode.value);
    const keyRange = nodeRange(lines, keyNode);
    if (key === '<<' && keyNode.type === 'PLAIN') {
      merges.push({ sources: mergeSources(doc, pair.value as Node | null), at: usedAt ?? keyRange });
      continue;
    }
    if (entries.has(key)) continue;
    const value = trace(doc, lines, pair.value as Node | null, usedAt);
    entries.set(key, usedAt ? { key, keyRange: usedAt, value, definedAt: keyRange } : { key, keyRange, value });
  }
  if (depth >= MAX_MERGE_DEPTH) return entries;
  for (const merge of merges) {
    for (const source of merge.sources) {
      if (expanded.has(source)) continue;
      for (const [key, entry] of mapEntries(doc, lines, source, merge.at, expanded, depth + 1)) {
        if (!entries.has(key)) entries.set(key, entry);
      }
    }
  }
  return entries;
}

function mergeSources(doc: Document.Parsed, value: Node | null): YAMLMap[] {
  const resolved = resolveAlias(doc, value);
  if (isMap(resolved)) return [resolved];
  if (isSeq(resolved)) return resolved.items.map((item) => resolveAlias(doc, item as Node)).filter((item): item is YAMLMap => isMap(item));
  return [];
}

function resolveAlias(doc: Document.Parsed, node: Node | null): Node | null {
  if (!isAlias(node)) return node;
  // An alias refers to the closest anchor of its name defined before it.
  const candidates = anchorIndex(doc).get(node.source) ?? [];
  const at = node.range?.[0] ?? Infinity;
  let target: Node | null = null;
  for (const candidate of candidates) {
    if ((candidate.range?.[0] ?? Infinity) < at) target = candidate;
    else break;
  }
  return target;
}

const anchorIndexes = new WeakMap<Document.Parsed, Map<string, Node[]>>();

/**
 * Anchored nodes by name, in document order, built once per document: yaml's own `Alias.resolve`
 * walks the whole document on every call, which is quadratic on files with many aliases.
 */
function anchorIndex(doc: Document.Parsed): Map<string, Node[]> {
  let index = anchorIndexes.get(doc);
  if (!index) {
    const built = new Map<string, Node[]>();
    visit(doc, {
      Node(_key, node) {
        if (node.anchor) built.set(node.anchor, [...(built.get(node.anchor) ?? []), node]);
      },
    });
    anchorIndexes.set(doc, built);
    index = built;
  }
  return index;
}

/** Traces a value node: an alias is followed to its anchor, and the value is anchored where it is used. */
export function trace(doc: Document.Parsed, lines: LineIndex, node: Node | null, usedAt?: Range): Traced | undefined {
  if (node === null || node === undefined) return undefined;
  if (isAlias(node)) {
    const target = resolveAlias(doc, node);
    if (!target) return undefined;
    return { node: target, range: usedAt ?? nodeRange(lines, node), definedAt: nodeRange(lines, target) };
  }
  if (usedAt) return { node, range: usedAt, definedAt: nodeRange(lines, node) };
  return { node, range: nodeRange(lines, node) };
}

/** The items of a sequence value, each traced (aliases followed). */
export function sequenceItems(model: ComposeModel, value: Traced | undefined): Traced[] {
  if (!value || !isSeq(value.node)) return [];
  const items: Traced[] = [];
  for (const item of value.node.items) {
    const traced = trace(model.doc, model.lines, item as Node, value.definedAt ? value.range : undefined);
    if (traced) items.push(traced);
  }
  return items;
}

/** The text of a scalar value (numbers and booleans as written), or undefined for anything else. */
export function scalarText(value: Traced | undefined): string | undefined {
  if (!value || !isScalar(value.node)) return undefined;
  const scalar = value.node as Scalar;
  if (scalar.value === null) return undefined;
  if (typeof scalar.source === 'string' && scalar.type === 'PLAIN') return scalar.source;
  return typeof scalar.value === 'object' ? undefined : String(scalar.value);
}

/** Resolves `${VAR:-default}` interpolation with the defaults written in the file; undefined when a value is unknown. */
export function interpolate(text: string): string | undefined {
  return expandVariables(text, () => undefined, { dollarEscape: true });
}

/** The variables a service's `environment` sets, in map or list form. */
export function environment(model: ComposeModel, service: ComposeService): EnvironmentVariable[] {
  return assignments(model, service.entries.get('environment')?.value);
}

/** The build arguments of a service's long-syntax `build:` (`args`, in map or list form). */
export function buildArgs(model: ComposeModel, service: ComposeService): EnvironmentVariable[] {
  const build = serviceEntry(model, service, 'build');
  if (!build || build === 'unknown' || !build.value || !isMap(build.value.node)) return [];
  return assignments(model, mapEntries(model.doc, model.lines, build.value.node, build.value.definedAt ? build.value.range : undefined).get('args')?.value);
}

/** `NAME: value` pairs or `NAME=value` items, as `environment` and `build.args` write them. */
function assignments(model: ComposeModel, value: Traced | undefined): EnvironmentVariable[] {
  if (!value) return [];
  const variables: EnvironmentVariable[] = [];
  const usedElsewhere = value.definedAt !== undefined;
  if (isMap(value.node)) {
    for (const [name, variable] of mapEntries(model.doc, model.lines, value.node, usedElsewhere ? value.range : undefined)) {
      const text = scalarText(variable.value);
      // A key written here spans to its value where it is used, also when that value is an alias (`KEY: *value`).
      const keyInPlace = !variable.definedAt;
      const valueInPlace = keyInPlace && variable.value !== undefined && !variable.value.definedAt;
      const valueNode = variable.value?.node;
      variables.push({
        name,
        value: variable.value && isScalar(variable.value.node) && variable.value.node.value === null ? undefined : text,
        range: keyInPlace && variable.value ? spanRange(variable.keyRange, variable.value.range) : variable.keyRange,
        valueOffsets: valueInPlace && valueNode?.range ? scalarContentOffsets(model.text, valueNode as Scalar) : undefined,
        definedAt: variable.definedAt ?? variable.value?.definedAt,
      });
    }
  } else if (isSeq(value.node)) {
    for (const item of sequenceItems(model, value)) {
      const text = scalarText(item);
      if (text === undefined) continue;
      const eq = text.indexOf('=');
      const name = eq < 0 ? text : text.slice(0, eq);
      const inPlace = !item.definedAt;
      let valueOffsets: [number, number] | undefined;
      if (inPlace && eq >= 0) {
        const [start, end] = scalarContentOffsets(model.text, item.node as Scalar);
        const raw = model.text.slice(start, end);
        const rawEq = raw.indexOf('=');
        if (rawEq >= 0) valueOffsets = [start + rawEq + 1, end];
      }
      variables.push({ name: name.trim(), value: eq < 0 ? undefined : text.slice(eq + 1), range: item.range, valueOffsets, definedAt: item.definedAt });
    }
  }
  return variables;
}

/** Offsets of a scalar's content in the source, without its quotes. */
function scalarContentOffsets(text: string, scalar: Scalar): [number, number] {
  const [start, end] = scalar.range ?? [0, 0];
  if (scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE') return [start + 1, Math.max(start + 1, end - 1)];
  return [start, trimEnd(text, start, end)];
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

export function nodeRange(lines: LineIndex, node: Node): Range {
  const [start, valueEnd] = node.range ?? [0, 0, 0];
  return lines.range(start, trimEnd(lines.text, start, valueEnd));
}

function spanRange(from: Range, to: Range): Range {
  return { start: from.start, end: to.end };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** The service a service `extends` in the same file, when it names one; `unknown` when it extends another file. */
function extendedService(model: ComposeModel, service: ComposeService): ComposeService | 'unknown' | undefined {
  const value = service.entries.get('extends')?.value;
  if (!value) return undefined;
  let name = scalarText(value);
  if (name === undefined && isMap(value.node)) {
    const entries = mapEntries(model.doc, model.lines, value.node);
    if (entries.has('file')) return 'unknown';
    name = scalarText(entries.get('service')?.value);
  }
  return model.services.find((s) => s.name === name && s !== service) ?? 'unknown';
}

/**
 * A key of a service, following `extends` within the file (the service's own value wins). A key
 * inherited through `extends` is anchored at the service's `extends` key, its definition kept as
 * `definedAt`. `unknown` when the service extends a service of another file that may set it.
 */
export function serviceEntry(model: ComposeModel, service: ComposeService, key: string): MapEntry | 'unknown' | undefined {
  let current: ComposeService = service;
  for (let depth = 0; depth < MAX_MERGE_DEPTH; depth++) {
    const entry = current.entries.get(key);
    if (entry) return current === service ? entry : inheritedEntry(entry, service.entries.get('extends')!.keyRange);
    const base = extendedService(model, current);
    if (base === undefined) return undefined;
    if (base === 'unknown') return 'unknown';
    current = base;
  }
  return 'unknown';
}

function inheritedEntry(entry: MapEntry, usedAt: Range): MapEntry {
  const value = entry.value && { node: entry.value.node, range: usedAt, definedAt: entry.value.definedAt ?? entry.value.range };
  return { key: entry.key, keyRange: usedAt, value, definedAt: entry.definedAt ?? entry.keyRange };
}

/** For every line a mapping key starts on, the last line of that key's value (for suppressions). */
export function pairEndLines(model: ComposeModel): Map<number, number> {
  const ends = new Map<number, number>();
  visit(model.doc, {
    Pair(_key, pair) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (!key?.range) return;
      const start = model.lines.positionAt(key.range[0]).line;
      const endOffset = value?.range ? trimEnd(model.text, value.range[0], value.range[1]) : key.range[1];
      const end = model.lines.positionAt(endOffset).line;
      ends.set(start, Math.max(ends.get(start) ?? start, end));
    },
  });
  return ends;
}
