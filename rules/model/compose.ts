import { isAlias, isMap, isNode, isPair, isScalar, isSeq, parseAllDocuments, parseDocument, YAMLParseError, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { bracketNestingBeyond, LineIndex, lineRange, MAX_BRACKET_DEPTH } from '../text';
import type { Range, RelatedLocation, Severity } from '../types';
import type { WorkspaceView } from '../workspace';
import { ComposeProject, type ServiceDefinition } from './compose-project';
import type { DockerfileModels } from './dockerfile-models';
import { expandVariables } from './variables';
import { derived, type Derived } from './derived';

/** Deeper merge-key chains than this are cut off (they can only come from a pathological file). */
export const MAX_MERGE_DEPTH = 32;

/** A YAML document the model reads: the linted file, or another file of the project (`uri` set). */
export interface YamlSource {
  doc: Document.Parsed;
  lines: LineIndex;
  /** Anchored nodes by name, in document order: where aliases lead (yaml's own `Alias.resolve` walks the whole document per call). */
  anchors: Map<string, Node[]>;
  /** Set for a file other than the linted one. */
  uri?: string;
  /** The later documents of a `---` stream, which Compose merges over the first one in order. */
  more?: YamlSource[];
}

/**
 * A range in the linted file, or in another file of the project when `uri` is set. The engine keeps
 * only the findings anchored in the linted file (the other file's own lint reports the rest), and
 * turns related ranges with a `uri` into related locations in that file.
 */
export interface SourceRange extends Range {
  uri?: string;
}

/**
 * A YAML node seen from where it is used. A value that comes through an alias, a `<<` merge key or
 * `extends` is anchored where the service uses it (`range`), its definition kept as `definedAt`.
 * A mapping or sequence merged over another one (an override file, `extends`) keeps the value it
 * merges over as `under`.
 */
export interface Traced<N extends Node = Node> {
  node: N;
  range: SourceRange;
  definedAt?: SourceRange;
  source: YamlSource;
  under?: Traced;
  /** The key the value is written under, which decides how sequences merge (`volumes` by target, ...). */
  key?: string;
  /** Set when the service inherits the value through `extends`: the service that writes it owns it. */
  inherited?: boolean;
}

/** One key of a mapping after merge keys are applied. */
export interface MapEntry {
  key: string;
  /** The key where the service uses it (the `<<` key when it was merged in). */
  keyRange: SourceRange;
  /** Undefined for a key without a value (`privileged:`). */
  value: Traced | undefined;
  /** The key's definition when it was merged in. */
  definedAt?: SourceRange;
  /** The Compose merge tag on the value: `!reset` removes the key, `!override` replaces instead of merging. */
  tag?: 'reset' | 'override';
}

export interface ComposeService {
  name: string;
  /** The service's key; in another file when the service is defined there first (an override's base). */
  keyRange: SourceRange;
  /** The effective keys: `extends` and the other file of an override pair merged in. */
  entries: Map<string, MapEntry>;
  /** Set when the service extends a service that cannot be read: any key may come from there. */
  extendsUnknown?: boolean;
  /** The keys a `!reset` of the override pair removed, by key: the `!reset` entry (for findings about what is now missing). */
  resets?: Map<string, MapEntry>;
  /** The service's own mapping in the linted file, for fixes that add a key to it. */
  node: YAMLMap;
}

export interface EnvironmentVariable {
  name: string;
  /** As written; undefined when the variable is only named (`- DEBUG`): its value comes from the host. */
  value: string | undefined;
  /** The value after interpolation; undefined when it cannot be known. */
  resolved: string | undefined;
  /** The whole `NAME: value` pair or `NAME=value` item, where it is used. */
  range: SourceRange;
  /** Offsets of the value inside the document, when it is written in this document at a known place. */
  valueOffsets?: [number, number];
  definedAt?: SourceRange;
  /** Set when the service inherits the variable through `extends`. */
  inherited?: boolean;
}

export interface SyntaxProblem {
  range: Range;
  message: string;
  severity?: Severity;
  related?: RelatedLocation[];
}

export interface ComposeModel {
  kind: 'compose';
  text: string;
  lines: LineIndex;
  doc: Document.Parsed;
  /** The linted document, as the nodes of the model refer to it. */
  source: YamlSource;
  services: ComposeService[];
  /** The project the file belongs to: its `.env`, its override pair, the files it extends. */
  project: ComposeProject;
  /** A problem that is not a Docker error (a part left unchecked) says so with a milder severity. */
  syntaxProblems: SyntaxProblem[];
  /** What readers of the model worked out from it (see `derived`). */
  derived: Derived | undefined;
}

/** Where the linted file is and how to read the files around it. */
export interface ComposeFileContext {
  uri: string;
  workspace?: WorkspaceView;
  /** Where the Dockerfiles the services build are parsed: kept between lints when the caller keeps them. */
  dockerfileModels?: DockerfileModels;
}

const TOO_DEEP = 'The YAML is nested too deeply to be read, so the file was not checked.';

/**
 * Parses a YAML stream, with the problem that makes it unreadable when it is not valid YAML. The
 * first document is `source`; the later ones of a `---` stream (Compose merges them over it, in
 * order) are its `more`.
 */
export function parseYaml(text: string, uri?: string): { source: YamlSource; problem?: SyntaxProblem } {
  const lines = new LineIndex(text);
  // yaml needs seconds to give up on megabytes of `[` (it overflows its stack only after building every level).
  const tooDeep = bracketNestingBeyond(text, MAX_BRACKET_DEPTH);
  if (tooDeep !== undefined) {
    return { source: { doc: parseDocument(''), lines, anchors: new Map(), uri }, problem: { range: lines.range(tooDeep, tooDeep + 1), message: TOO_DEEP } };
  }
  // The model walks the parsed nodes and follows an alias to its one anchor, never copying it (no
  // `toJS`, whose `maxAliasCount` would be the only guard): an alias bomb costs what its text does.
  // yaml's own duplicate-key check compares each key with every earlier one of its mapping, which
  // made a 2,000-service file spend most of its parse there: the check is done here, in linear time.
  const options = { prettyErrors: false, uniqueKeys: false, strict: false } as const;
  const stream = parseAllDocuments(text, options);
  const docs = Array.isArray(stream) && stream.length > 0 ? stream : [parseDocument(text, options)];
  const errors: YAMLParseError[] = [];
  const sources = docs.map((doc): YamlSource => {
    const anchors = new Map<string, Node[]>();
    forEachNode(doc.contents, (node) => {
      if (node.anchor) {
        const named = anchors.get(node.anchor);
        if (named) named.push(node);
        else anchors.set(node.anchor, [node]);
      }
      if (isMap(node)) addDuplicateKeys(node, errors);
    });
    errors.push(...doc.errors);
    return { doc, lines, anchors, uri };
  });
  const source: YamlSource = sources[0];
  if (sources.length > 1) source.more = sources.slice(1);
  if (errors.length === 0) return { source };
  errors.sort((a, b) => a.pos[0] - b.pos[0]);
  const first = errors[0];
  const more = errors.length > 1 ? ` (${errors.length - 1} more YAML error${errors.length > 2 ? 's' : ''} follow)` : '';
  // The parser gives up on deep nesting with the engine's own words ("Maximum call stack size exceeded").
  const message = first.code === 'RESOURCE_EXHAUSTION' ? TOO_DEEP : `Invalid YAML: ${firstLine(first.message)}${more}`;
  return { source, problem: { range: lines.range(first.pos[0], Math.max(first.pos[1], first.pos[0] + 1)), message } };
}

/** The documents of a YAML stream, first to last. */
export function documentsOf(source: YamlSource): YamlSource[] {
  return source.more ? [source, ...source.more] : [source];
}

/**
 * The errors yaml's `uniqueKeys` option reports: a scalar key equal to an earlier key of the same
 * mapping, at the key. Small mappings (nearly all) are compared pairwise, which allocates nothing.
 */
function addDuplicateKeys(map: YAMLMap, duplicates: YAMLParseError[]): void {
  const items = map.items;
  const seen = items.length > 8 ? new Set<unknown>() : undefined;
  for (let i = 0; i < items.length; i++) {
    const key = items[i].key as Node | null;
    if (!isScalar(key)) continue;
    let repeated = false;
    if (seen) {
      repeated = seen.has(key.value);
      seen.add(key.value);
    } else {
      for (let j = 0; j < i && !repeated; j++) {
        const earlier = items[j].key as Node | null;
        // The equality a Set uses (SameValueZero), as in the larger mappings.
        repeated = isScalar(earlier) && (earlier.value === key.value || (earlier.value !== earlier.value && key.value !== key.value));
      }
    }
    if (repeated) {
      const start = key.range?.[0] ?? 0;
      duplicates.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
    }
  }
}

/**
 * Calls `onNode` for every node under `node` and `onPair` for every pair, in document order (yaml's
 * `visit` copies its path at every node: this walk allocates nothing).
 */
function forEachNode(node: unknown, onNode: (node: Node) => void, onPair?: (pair: Pair) => void): void {
  if (!isNode(node)) return;
  onNode(node);
  if (!isMap(node) && !isSeq(node)) return;
  for (const item of node.items as unknown[]) {
    if (isPair(item)) {
      onPair?.(item);
      forEachNode(item.key, onNode, onPair);
      forEachNode(item.value, onNode, onPair);
    } else forEachNode(item, onNode, onPair);
  }
}

/**
 * Parses a Compose file into the model every compose rule reads. With `file`, the project around it
 * is read through the workspace: the `.env` beside it (interpolation), the override file that pairs
 * with it, and the files its services extend.
 */
export function parseCompose(text: string, file: ComposeFileContext = { uri: 'compose.yaml' }): ComposeModel {
  const { source, problem } = parseYaml(text);
  const { doc, lines } = source;
  const project = new ComposeProject(file, source);
  const model: ComposeModel = { kind: 'compose', text, lines, doc, source, services: [], project, syntaxProblems: [], derived: undefined };
  if (problem) {
    model.syntaxProblems.push(problem);
    return model;
  }
  const read = streamServiceDefinitions(source);
  if (read.problem) model.syntaxProblems.push(read.problem);
  model.services = project.effectiveServices(read.services);
  project.followIncludes(read.services);
  model.syntaxProblems.push(...project.problems);
  return model;
}

/**
 * The services of every document of a `---` stream, merged in order as Compose merges the documents
 * of a file (as it merges an override file): a service a later document defines again has its keys
 * merged over the earlier ones.
 */
export function streamServiceDefinitions(source: YamlSource): { services: Map<string, ServiceDefinition>; problem?: SyntaxProblem } {
  const first = serviceDefinitions(source);
  let problem = first.problem;
  const services = first.services;
  for (const later of source.more ?? []) {
    const read = serviceDefinitions(later);
    problem ??= read.problem;
    for (const [name, definition] of read.services) {
      const earlier = services.get(name);
      services.set(name, earlier ? { ...earlier, entries: mergeEntries(earlier.entries, definition.entries) } : definition);
    }
  }
  return { services, problem };
}

/** The services of a Compose document by name, or the problem that makes it no Compose file. */
export function serviceDefinitions(source: YamlSource): { services: Map<string, ServiceDefinition>; problem?: SyntaxProblem } {
  const services = new Map<string, ServiceDefinition>();
  const root = source.doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { services };
  if (!isMap(root)) {
    // The first line only: the node may be the whole file.
    return { services, problem: { range: lineRange(source.lines, nodeRange(source, root).start.line), message: 'Not a Compose file: the top level must be a mapping with a `services` key.' } };
  }
  const top = mapEntries(source, root);
  const declared = top.get('services');
  let map: YAMLMap | undefined;
  if (declared) {
    if (declared.value && isMap(declared.value.node)) map = declared.value.node;
    else if (declared.value && !(isScalar(declared.value.node) && declared.value.node.value === null)) {
      return { services, problem: { range: declared.value.range, message: 'Not a Compose file: `services` must be a mapping of service names to their definitions.' } };
    }
  } else if (looksLikeLegacyServices(top)) {
    // Compose file format v1: the services are the top-level keys.
    map = root;
  } else {
    // Another YAML format under a Compose name (a Kubernetes manifest, a CI file): say so once, at its first foreign key.
    const foreign = [...top.values()].find((entry) => !TOP_LEVEL_KEYS.has(entry.key) && !entry.key.startsWith('x-'));
    if (foreign) return { services, problem: { range: foreign.keyRange, message: `Not a Compose file: it has no \`services\`, and \`${foreign.key.slice(0, 40)}\` is not a Compose top-level key.` } };
  }
  if (!map) return { services };
  for (const entry of mapEntries(source, map).values()) {
    if (entry.key.startsWith('x-') || !entry.value || !isMap(entry.value.node)) continue;
    services.set(entry.key, { name: entry.key, keyRange: entry.keyRange, node: entry.value.node, source, entries: mapEntries(source, entry.value.node, usedAtOf(entry.value)) });
  }
  return { services };
}

/** The top-level keys of the Compose Specification. */
const TOP_LEVEL_KEYS = new Set(['version', 'name', 'include', 'services', 'networks', 'volumes', 'configs', 'secrets', 'models']);

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
 * through an alias, merge key or `extends`: every entry is then anchored there. A mapping merged a
 * second time adds nothing its first expansion did not, so each is expanded once: that ends cycles
 * and keeps a "billion laughs" of merge keys linear.
 */
export function mapEntries(source: YamlSource, map: YAMLMap, usedAt?: SourceRange, expanded = new Set<YAMLMap>(), depth = 0): Map<string, MapEntry> {
  expanded.add(map);
  const entries = new Map<string, MapEntry>();
  const merges: Array<{ sources: YAMLMap[]; at: SourceRange }> = [];
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') continue;
    const key = String(keyNode.value);
    if (key === '<<' && keyNode.type === 'PLAIN') {
      merges.push({ sources: mergeSources(source, pair.value as Node | null), at: usedAt ?? nodeRange(source, keyNode) });
      continue;
    }
    if (entries.has(key)) continue;
    const valueNode = pair.value as Node | null;
    const value = trace(source, valueNode, usedAt, key);
    const tag = valueNode?.tag === '!reset' ? 'reset' : valueNode?.tag === '!override' ? 'override' : undefined;
    entries.set(key, usedAt ? { key, keyRange: usedAt, value, definedAt: nodeRange(source, keyNode), tag } : new InPlaceEntry(key, keyNode, source, value, tag));
  }
  if (depth >= MAX_MERGE_DEPTH) return entries;
  for (const merge of merges) {
    for (const mergeSource of merge.sources) {
      if (expanded.has(mergeSource)) continue;
      for (const [key, entry] of mapEntries(source, mergeSource, merge.at, expanded, depth + 1)) {
        if (!entries.has(key)) entries.set(key, entry);
      }
    }
  }
  return entries;
}

function mergeSources(source: YamlSource, value: Node | null): YAMLMap[] {
  const resolved = resolveAlias(source, value);
  if (isMap(resolved)) return [resolved];
  if (isSeq(resolved)) return resolved.items.map((item) => resolveAlias(source, item as Node)).filter((item): item is YAMLMap => isMap(item));
  return [];
}

function resolveAlias(source: YamlSource, node: Node | null): Node | null {
  if (!isAlias(node)) return node;
  // An alias refers to the closest anchor of its name defined before it.
  const candidates = source.anchors.get(node.source) ?? [];
  const at = node.range?.[0] ?? Infinity;
  let target: Node | null = null;
  for (const candidate of candidates) {
    if ((candidate.range?.[0] ?? Infinity) < at) target = candidate;
    else break;
  }
  return target;
}

/** Traces a value node: an alias is followed to its anchor, and the value is anchored where it is used. */
export function trace(source: YamlSource, node: Node | null, usedAt?: SourceRange, key?: string): Traced | undefined {
  if (node === null || node === undefined) return undefined;
  if (isAlias(node)) {
    const target = resolveAlias(source, node);
    if (!target) return undefined;
    return { node: target, range: usedAt ?? nodeRange(source, node), definedAt: nodeRange(source, target), source, key };
  }
  if (usedAt) return { node, range: usedAt, definedAt: nodeRange(source, node), source, key };
  return new InPlaceValue(node, source, key);
}

/*
 * A large file has tens of thousands of keys and values, and few findings: the ranges of those
 * written where they are used are worked out on first use. Copies are made with `copyTraced` and
 * `copyEntry`, since a spread would drop these getters.
 */

/** A value written where it is used (not through an alias, merge key or `extends`). */
class InPlaceValue implements Traced {
  private knownRange?: SourceRange;
  constructor(
    readonly node: Node,
    readonly source: YamlSource,
    readonly key: string | undefined,
  ) {}

  get range(): SourceRange {
    return (this.knownRange ??= nodeRange(this.source, this.node));
  }
}

/** A key written in the mapping that has it. */
class InPlaceEntry implements MapEntry {
  private knownKeyRange?: SourceRange;
  constructor(
    readonly key: string,
    private readonly keyNode: Node,
    private readonly source: YamlSource,
    readonly value: Traced | undefined,
    readonly tag: MapEntry['tag'],
  ) {}

  get keyRange(): SourceRange {
    return (this.knownKeyRange ??= nodeRange(this.source, this.keyNode));
  }
}

/** A traced value with some of its fields changed. */
export function copyTraced(value: Traced, changes: Partial<Traced>): Traced {
  const { node, range, definedAt, source, under, key, inherited } = value;
  return { node, range, definedAt, source, under, key, inherited, ...changes };
}

/** A map entry with some of its fields changed. */
function copyEntry(entry: MapEntry, changes: Partial<MapEntry>): MapEntry {
  const { key, keyRange, value, definedAt, tag } = entry;
  return { key, keyRange, value, definedAt, tag, ...changes };
}

/** Where the entries of a value are anchored: where the value is used, when it is defined elsewhere. */
function usedAtOf(value: Traced): SourceRange | undefined {
  return value.definedAt ? value.range : undefined;
}

/** The keys of a mapping value (merge keys applied), with the mappings it merges over underneath. */
export function entriesOf(value: Traced | undefined): Map<string, MapEntry> {
  if (!value) return new Map();
  const own = isMap(value.node) ? mapEntries(value.source, value.node, usedAtOf(value)) : new Map<string, MapEntry>();
  return withoutResets(value.under ? mergeEntries(entriesOf(value.under), own) : own);
}

/** The keys that remain once the `!reset` ones are removed. */
export function withoutResets(entries: Map<string, MapEntry>): Map<string, MapEntry> {
  let reset = false;
  for (const entry of entries.values()) reset ||= entry.tag === 'reset';
  if (!reset) return entries;
  const kept = new Map<string, MapEntry>();
  for (const [key, entry] of entries) if (entry.tag !== 'reset') kept.set(key, entry);
  return kept;
}

/** The items of a sequence value, each traced (aliases followed), after those of the sequences it merges over. */
export function sequenceItems(model: ComposeModel, value: Traced | undefined): Traced[] {
  if (!value) return [];
  const items: Traced[] = value.under ? sequenceItems(model, value.under) : [];
  if (!isSeq(value.node)) return items;
  // An item with the unique key of an earlier one replaces it (Compose's merge of unique resources).
  const positions = new Map<string, number>();
  if (value.under) {
    items.forEach((item, index) => {
      const key = uniqueKey(value.key, item);
      if (key !== undefined && !positions.has(key)) positions.set(key, index);
    });
  }
  for (const item of value.node.items) {
    const traced = trace(value.source, item as Node, usedAtOf(value));
    if (!traced) continue;
    const key = value.under ? uniqueKey(value.key, traced) : undefined;
    const replaced = key === undefined ? undefined : positions.get(key);
    // An item written the same in both layers changes nothing, but each file wrote it: both are kept, so
    // that a finding about it is made on each line.
    if (replaced !== undefined && !sameScalar(items[replaced], traced)) items[replaced] = traced;
    else items.push(traced);
  }
  return items;
}

function sameScalar(a: Traced, b: Traced): boolean {
  const text = scalarText(a);
  return text !== undefined && text === scalarText(b);
}

/**
 * What makes an item of a merged sequence unique, as compose-go merges them: `volumes` and
 * `devices` by target, `ports` by host IP, published and target port and protocol, `secrets` and
 * `configs` by target; other scalars by their text (a repeated item adds nothing).
 */
function uniqueKey(key: string | undefined, item: Traced): string | undefined {
  const text = scalarText(item);
  if (isMap(item.node)) {
    const entries = entriesOf(item);
    const field = (name: string) => scalarText(entries.get(name)?.value) ?? '';
    if (key === 'volumes' || key === 'devices') return field('target');
    if (key === 'ports') return `${field('host_ip')}:${field('published')}:${field('target')}/${field('protocol') || 'tcp'}`;
    if (key === 'secrets' || key === 'configs') return field('target') || field('source');
    return undefined;
  }
  if (text === undefined) return undefined;
  if (key === 'volumes' || key === 'devices') {
    const parts = text.split(':');
    return parts.length === 1 ? parts[0] : parts[1];
  }
  return text;
}

/** Keys whose values an override replaces rather than appends to (a command is one whole). */
const REPLACED_KEYS = new Set(['command', 'entrypoint', 'test']);

/**
 * Merges the keys of a later definition (an override file, or a service over the one it extends)
 * into an earlier one, per the Compose Specification: a mapping merges key by key, a sequence
 * appends (unique resources replace their namesake), anything else is replaced; `!reset` removes
 * the key (see `withoutResets`), `!override` replaces it whole.
 */
export function mergeEntries(lower: Map<string, MapEntry>, upper: Map<string, MapEntry>): Map<string, MapEntry> {
  const merged = new Map(lower);
  for (const [key, entry] of upper) {
    // A reset key stays as a tombstone until the last merge, so that it also removes what a later lower layer brings.
    const lowerEntry = merged.get(key);
    const below = lowerEntry?.tag === 'reset' ? undefined : lowerEntry?.value;
    const above = entry.value;
    const layered = entry.tag === undefined && below && above && !REPLACED_KEYS.has(key) && isCollection(below.node) && isCollection(above.node);
    merged.set(key, layered ? copyEntry(entry, { value: copyTraced(above, { under: below, key }) }) : entry);
  }
  return merged;
}

function isCollection(node: Node): boolean {
  return isMap(node) || isSeq(node);
}

/** The text of a scalar value as written (numbers and booleans too), or undefined for anything else. */
export function scalarText(value: Traced | undefined): string | undefined {
  if (!value || !isScalar(value.node)) return undefined;
  const scalar = value.node as Scalar;
  if (scalar.value === null) return undefined;
  if (typeof scalar.source === 'string' && scalar.type === 'PLAIN') return scalar.source;
  return typeof scalar.value === 'object' ? undefined : String(scalar.value);
}

/**
 * The text of a scalar value after interpolation (`${VAR}`, `${VAR:-default}`, `$$`, ...) with the
 * project's `.env`, then the defaults written in the file; undefined when it is not a scalar or a
 * variable without value or default leaves it unknown. The `.env` lines used are remembered, so
 * that a finding at this value points at them.
 */
export function resolvedText(model: ComposeModel, value: Traced | undefined): string | undefined {
  const raw = scalarText(value);
  return raw === undefined ? undefined : model.project.interpolate(raw, value!.range);
}

/** The variables a service's `environment` sets, in map or list form. */
export function environment(model: ComposeModel, service: ComposeService): readonly EnvironmentVariable[] {
  // Several rules read each service's environment: read once per lint.
  const environments = derived(model, newEnvironmentTable);
  let variables = environments.get(service);
  if (!variables) environments.set(service, (variables = assignments(model, service.entries.get('environment')?.value)));
  return variables;
}

function newEnvironmentTable(): Map<ComposeService, readonly EnvironmentVariable[]> {
  return new Map();
}

/** The build arguments of a service's long-syntax `build:` (`args`, in map or list form). */
export function buildArgs(model: ComposeModel, service: ComposeService): EnvironmentVariable[] {
  const build = serviceEntry(model, service, 'build');
  if (!build || build === 'unknown' || !build.value || !isMap(build.value.node)) return [];
  return assignments(model, entriesOf(build.value).get('args')?.value);
}

/** `NAME: value` pairs or `NAME=value` items, as `environment` and `build.args` write them; a later layer wins. */
function assignments(model: ComposeModel, value: Traced | undefined): EnvironmentVariable[] {
  if (!value) return [];
  const byName = new Map<string, EnvironmentVariable>();
  if (value.under) for (const variable of assignments(model, value.under)) byName.set(variable.name, variable);
  const usedElsewhere = value.definedAt !== undefined;
  const add = (variable: Omit<EnvironmentVariable, 'resolved'>, valueRange: SourceRange) => {
    const resolved = variable.value === undefined ? undefined : model.project.interpolate(variable.value, valueRange);
    byName.delete(variable.name);
    byName.set(variable.name, { ...variable, resolved });
  };
  if (isMap(value.node)) {
    for (const [name, variable] of mapEntries(value.source, value.node, usedElsewhere ? value.range : undefined)) {
      const text = scalarText(variable.value);
      // A key written here spans to its value where it is used, also when that value is an alias (`KEY: *value`).
      const keyInPlace = !variable.definedAt;
      const valueInPlace = keyInPlace && variable.value !== undefined && !variable.value.definedAt && !value.source.uri;
      const valueNode = variable.value?.node;
      add(
        {
          name,
          value: variable.value && isScalar(variable.value.node) && variable.value.node.value === null ? undefined : text,
          range: keyInPlace && variable.value ? spanRange(variable.keyRange, variable.value.range) : variable.keyRange,
          valueOffsets: valueInPlace && valueNode?.range ? scalarContentOffsets(value.source.lines.text, valueNode as Scalar) : undefined,
          definedAt: variable.definedAt ?? variable.value?.definedAt,
          inherited: value.inherited,
        },
        variable.value?.range ?? variable.keyRange,
      );
    }
  } else if (isSeq(value.node)) {
    for (const item of sequenceItems(model, copyTraced(value, { under: undefined }))) {
      const text = scalarText(item);
      if (text === undefined) continue;
      const eq = text.indexOf('=');
      const name = eq < 0 ? text : text.slice(0, eq);
      let valueOffsets: [number, number] | undefined;
      if (!item.definedAt && !item.source.uri && eq >= 0) {
        const [start, end] = scalarContentOffsets(item.source.lines.text, item.node as Scalar);
        const rawEq = item.source.lines.text.slice(start, end).indexOf('=');
        if (rawEq >= 0) valueOffsets = [start + rawEq + 1, end];
      }
      add({ name: name.trim(), value: eq < 0 ? undefined : text.slice(eq + 1), range: item.range, valueOffsets, definedAt: item.definedAt, inherited: value.inherited }, item.range);
    }
  }
  return [...byName.values()];
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

/** The range of a node in its own file (with that file's `uri` when it is not the linted one). */
export function nodeRange(source: YamlSource, node: Node): SourceRange {
  const [start, valueEnd] = node.range ?? [0, 0, 0];
  const range: SourceRange = source.lines.range(start, trimEnd(source.lines.text, start, valueEnd));
  if (source.uri) range.uri = source.uri;
  return range;
}

function spanRange(from: SourceRange, to: SourceRange): SourceRange {
  return from.uri ? { start: from.start, end: to.end, uri: from.uri } : { start: from.start, end: to.end };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * A key of a service, after `extends` and the override pair are merged in. A key inherited through
 * `extends` is anchored at the service's `extends` key, its definition kept as `definedAt`.
 * `unknown` when the service extends a service that cannot be read and may set it.
 */
export function serviceEntry(_model: ComposeModel, service: ComposeService, key: string): MapEntry | 'unknown' | undefined {
  const entry = service.entries.get(key);
  if (entry) return entry;
  return service.extendsUnknown ? 'unknown' : undefined;
}

/**
 * Where a finding about a service's `keys` (a bad value, or their absence) is anchored: at the
 * service's key, unless the other file of an override pair decides the first of them: that file's
 * scalar value (`read_only: false`), its `!override`, or the `!reset` that removed the key. Then the finding is at that file's key, so
 * that the file that brings the problem reports it, and `note` says what `!reset` or `!override` did.
 */
export function keyAnchor(service: ComposeService, ...keys: string[]): { range: SourceRange; note: string } {
  for (const key of keys) {
    const entry = service.entries.get(key) ?? service.resets?.get(key);
    if (!entry || entry.keyRange.uri === service.keyRange.uri) continue;
    // A list or mapping merges with the other file's: what it lacks is both files' (the service's) to report.
    if (entry.tag === undefined && entry.value && isCollection(entry.value.node)) continue;
    const note = entry.tag === 'reset' ? ` (the !reset here removes the ${key} the other file sets)` : entry.tag === 'override' ? ` (the !override here replaces the ${key} the other file sets)` : '';
    return { range: entry.keyRange, note };
  }
  return { range: service.keyRange, note: '' };
}

/** For every line a mapping key starts on, the last line of that key's value (for suppressions). */
export function pairEndLines(model: Pick<ComposeModel, 'lines' | 'text' | 'source'>): Map<number, number> {
  const ends = new Map<number, number>();
  const onPair = (pair: Pair) => {
    const key = pair.key as Node | null;
    const value = pair.value as Node | null;
    if (!key?.range) return;
    const start = model.lines.positionAt(key.range[0]).line;
    const endOffset = value?.range ? trimEnd(model.text, value.range[0], value.range[1]) : key.range[1];
    const end = model.lines.positionAt(endOffset).line;
    ends.set(start, Math.max(ends.get(start) ?? start, end));
  };
  for (const document of documentsOf(model.source)) forEachNode(document.doc.contents, () => undefined, onPair);
  return ends;
}

/** Expands Compose interpolation with a variable lookup; `$$` is a literal `$`. */
export function expandCompose(text: string, lookup: (name: string) => string | undefined): string | undefined {
  return expandVariables(text, lookup, { dollarEscape: true });
}

/**
 * The value Compose gives a text that interpolates nothing, `$$` unescaped to `$`; undefined when it
 * refers to a variable, whose value the file does not hold.
 */
export function composeLiteral(text: string): string | undefined {
  let referenced = false;
  const literal = expandCompose(text, () => {
    referenced = true;
    return undefined;
  });
  return referenced ? undefined : literal;
}
