import { detectSecret, type DetectedSecret } from '../secrets';
import { composeLiteral, entriesOf, resolvedText, scalarText, sequenceItems, serviceEntry, type ComposeModel, type ComposeService, type MapEntry, type Traced } from './compose';
import { isMap } from 'yaml';
import type { RelatedLocation } from '../types';
import { folderOf, resolveLocation } from '../workspace';
import type { DotenvEntry } from './dotenv';

/**
 * A Compose boolean: `true` as a YAML boolean or as a string (Compose also reads `yes`, `on`, `y`),
 * `false` likewise; undefined when the value is missing or cannot be known.
 */
export function booleanValue(model: ComposeModel, value: Traced | undefined): boolean | undefined {
  const text = resolvedText(model, value)?.trim().toLowerCase();
  if (text === undefined) return undefined;
  if (['true', 'yes', 'on', 'y'].includes(text)) return true;
  if (['false', 'no', 'off', 'n', ''].includes(text)) return false;
  return undefined;
}

/** The items of a list value (a lone scalar counts as one item), each with its text resolved. */
export function listItems(model: ComposeModel, value: Traced | undefined): Array<{ item: Traced; text: string | undefined }> {
  if (!value) return [];
  const items = sequenceItems(model, value);
  if (items.length === 0 && scalarText(value) !== undefined) return [{ item: value, text: resolvedText(model, value) }];
  return items.map((item) => ({ item, text: resolvedText(model, item) }));
}

/** "defined here" related information for a key or value that comes from an anchor, merge key or `extends`. */
export function definedHere(what: string, ...ranges: Array<MapEntry['definedAt']>): RelatedLocation[] | undefined {
  const range = ranges.find((r) => r !== undefined);
  return range ? [{ range, message: `${what} is defined here` }] : undefined;
}

/** A key inside a mapping value (e.g. `driver` in `logging`), merge keys applied. */
export function subEntry(value: Traced | undefined, key: string): MapEntry | undefined {
  return entriesOf(value).get(key);
}

/**
 * A Compose value judged as Compose reads it: without a variable reference, it is the literal text
 * with `$$` unescaped (`pa$$w0rd` is the password `pa$w0rd`), no variable looked up; with one, as written.
 */
export function composeSecret(name: string | undefined, value: string): DetectedSecret | undefined {
  const literal = composeLiteral(value);
  return literal === undefined ? detectSecret(name, value) : detectSecret(name, literal, { literal: true });
}

/** A file a service's `env_file` loads into its environment. */
export interface EnvFile {
  /** The `env_file` item (or the lone value) that names it. */
  item: Traced;
  /** As written. */
  path: string;
  location: string;
  /** Its variables; undefined when it cannot be read (absent, or `required: false` and missing). */
  variables: Map<string, DotenvEntry> | undefined;
}

/** The files of a service's `env_file` (a path, a list of paths, or of `{path, required}`), relative to the file that names them. */
export function envFiles(model: ComposeModel, service: ComposeService): EnvFile[] {
  const entry = serviceEntry(model, service, 'env_file');
  if (entry === 'unknown' || !entry?.value) return [];
  const files: EnvFile[] = [];
  for (const { item, text } of listItems(model, entry.value)) {
    const path = (isMap(item.node) ? resolvedText(model, subEntry(item, 'path')?.value) : text)?.trim();
    if (!path) continue;
    const location = resolveLocation(folderOf(item.source.uri ?? model.project.uri), path);
    files.push({ item, path, location, variables: model.project.envFile(location) });
  }
  return files;
}
