import { isMap, isScalar, isSeq, type Node } from 'yaml';
import specification from '../../schemas/compose-spec/compose-spec.json';
import { documentsOf, entriesOf, trace, type ComposeModel, type SourceRange, type Traced } from './compose';

/** The parts of a JSON schema the Compose Specification's schema uses. */
interface JsonSchema {
  $ref?: string;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  definitions?: Record<string, JsonSchema>;
}

const ROOT = specification as unknown as JsonSchema;

/** A key the Compose Specification does not allow where it is written. */
export interface UnknownKey {
  key: string;
  /** Where the key is used (the `<<` key or alias when it was merged in). */
  keyRange: SourceRange;
  /** The key's definition when it was merged in from an anchor. */
  definedAt?: SourceRange;
  /** Where it is, as a dotted path (`services.web.build`); empty at the top level. */
  path: string;
  /** The keys allowed there. */
  known: readonly string[];
  /** The keys the mapping has (a rename to one of them would repeat it). */
  siblings: Set<string>;
}

/** Deeper than this, a document is not a Compose file anyone writes: the walk stops. */
const MAX_DEPTH = 32;

const patterns = new Map<string, RegExp>();

function pattern(source: string): RegExp {
  let compiled = patterns.get(source);
  if (!compiled) {
    compiled = new RegExp(source, 'u');
    patterns.set(source, compiled);
  }
  return compiled;
}

/** A schema with its `$ref` followed (the specification's refs are all `#/definitions/<name>`). */
function resolved(schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 8; hops++) {
    const name = current.$ref.replace(/^#\/definitions\//, '');
    current = ROOT.definitions?.[name] ?? {};
  }
  return current;
}

const alternativesOf = new WeakMap<JsonSchema, JsonSchema[]>();

/** The alternatives of a schema (through `$ref`, `oneOf`, `anyOf`, `allOf`), each resolved; worked out once per schema. */
function alternatives(schema: JsonSchema): JsonSchema[] {
  let found = alternativesOf.get(schema);
  if (!found) {
    const own = resolved(schema);
    const nested = [...(own.oneOf ?? []), ...(own.anyOf ?? []), ...(own.allOf ?? [])];
    found = nested.length > 0 ? [own, ...nested.flatMap(alternatives)] : [own];
    alternativesOf.set(schema, found);
  }
  return found;
}

/** What a mapping may hold where these schemas apply: the alternatives that describe keys, whether any other key is allowed, the keys named. */
interface MappingShape {
  objects: JsonSchema[];
  open: boolean;
  known: readonly string[];
}

const mappingShapeOf = new WeakMap<JsonSchema, MappingShape>();

function mappingShape(schemas: readonly JsonSchema[]): MappingShape {
  // Most places have one schema: its shape is worked out once, not at every mapping of every file.
  const cached = schemas.length === 1 ? mappingShapeOf.get(schemas[0]) : undefined;
  if (cached) return cached;
  // Only the alternatives that describe a mapping's keys; one that says nothing about them allows any.
  const objects = schemas
    .flatMap(alternatives)
    .filter((shape) => allowsType(shape, 'object') && (shape.properties || shape.patternProperties || shape.additionalProperties !== undefined || shape.type !== undefined));
  const shape = { objects, open: objects.some((object) => object.additionalProperties !== false), known: [...new Set(objects.flatMap((object) => Object.keys(object.properties ?? {})))] };
  if (schemas.length === 1) mappingShapeOf.set(schemas[0], shape);
  return shape;
}

function allowsType(schema: JsonSchema, type: 'object' | 'array'): boolean {
  return schema.type === undefined || schema.type === type || (Array.isArray(schema.type) && schema.type.includes(type));
}

/**
 * The keys the Compose Specification's schema does not allow where they are written, in every
 * document of the linted file (one without `services`, as a legacy file, is not checked). `x-` extensions are allowed wherever
 * the specification allows them; keys merged in with `<<` are checked where the service uses them.
 */
export function unknownKeys(model: ComposeModel): UnknownKey[] {
  const found: UnknownKey[] = [];
  for (const document of documentsOf(model.source)) {
    const root = trace(document, document.doc.contents as Node | null);
    // A document that is not valid YAML is reported as such: its keys may be where the parser left them.
    if (document.doc.errors.length === 0 && root && isMap(root.node) && entriesOf(root).has('services')) walk(root, [ROOT], '', found, 0);
  }
  return found;
}

function walk(value: Traced, schemas: JsonSchema[], path: string, found: UnknownKey[], depth: number): void {
  if (depth > MAX_DEPTH || isScalar(value.node)) return;
  if (isSeq(value.node)) {
    const items = schemas
      .flatMap(alternatives)
      .filter((shape) => shape.items && allowsType(shape, 'array'))
      .map((shape) => shape.items!);
    if (items.length === 0) return;
    for (const item of value.node.items) {
      const traced = trace(value.source, item as Node, value.definedAt ? value.range : undefined);
      if (traced) walk(traced, items, path, found, depth + 1);
    }
    return;
  }
  if (!isMap(value.node)) return;
  const { objects, open, known } = mappingShape(schemas);
  if (objects.length === 0) return;
  const entries = entriesOf(value);
  const siblings = new Set(entries.keys());
  for (const [key, entry] of entries) {
    const children: JsonSchema[] = [];
    for (const shape of objects) {
      const property = shape.properties && Object.hasOwn(shape.properties, key) ? shape.properties[key] : undefined;
      if (property) children.push(property);
      for (const [source, schema] of Object.entries(shape.patternProperties ?? {})) if (pattern(source).test(key)) children.push(schema);
      if (typeof shape.additionalProperties === 'object') children.push(shape.additionalProperties);
    }
    if (children.length === 0) {
      // A mapping of names (`services`, `networks`) lists no keys: a name it refuses is no misspelt key.
      if (!open && known.length > 0) found.push({ key, keyRange: entry.keyRange, definedAt: entry.definedAt, path, known, siblings });
      continue;
    }
    if (entry.value) walk(entry.value, children, path === '' ? key : `${path}.${key}`, found, depth + 1);
  }
}
