import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { baseName } from '../kinds';
import type { Finding, Range, RelatedLocation, Severity } from '../types';
import { folderOf, resolveLocation, type WorkspaceView } from '../workspace';
import {
  expandCompose,
  MAX_MERGE_DEPTH,
  mergeEntries,
  parseYaml,
  scalarText,
  streamServiceDefinitions,
  entriesOf,
  nodeRange,
  withoutResets,
  copyTraced,
  documentsOf,
  trace,
  type ComposeFileContext,
  type ComposeService,
  type MapEntry,
  type SourceRange,
  type SyntaxProblem,
  type Traced,
  type YamlSource,
} from './compose';
import type { DockerfileModel } from './dockerfile';
import type { DockerfileModels } from './dockerfile-models';
import { parseDotenv, type DotenvEntry } from './dotenv';

/** A service as one file defines it, before `extends` and the override pair are merged in. */
export interface ServiceDefinition {
  name: string;
  keyRange: SourceRange;
  node: YAMLMap;
  source: YamlSource;
  /** The keys the file writes (merge keys applied); `!reset` tags still in place. */
  entries: Map<string, MapEntry>;
}

interface ResolvedService {
  entries: Map<string, MapEntry>;
  /** Set when some service of the chain extends one that cannot be read. */
  unknown: boolean;
  /** The services of an `extends` cycle the chain runs into. */
  cycle?: ServiceDefinition[];
}

/** The default names, in the order Compose looks for them. */
const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const OVERRIDE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** The other file of an override pair, as the linted file sees it. */
interface OverridePair {
  /** What the linted file is in the pair. */
  role: 'base' | 'override';
  /** Its file name, as messages name it. */
  name: string;
  services: Map<string, ServiceDefinition>;
}

/**
 * The Compose project around a linted file, read through the workspace once per lint: the `.env`
 * beside it (for interpolation), the other file of its override pair (`compose.yaml` with
 * `compose.override.yaml`, and the `docker-compose` names), and the files its services `extend`.
 * Without a workspace it is the file alone.
 */
export class ComposeProject {
  /** Problems found while reading the project (an `extends` cycle), located in the linted file. */
  readonly problems: SyntaxProblem[] = [];
  private dotenvEntries: Map<string, DotenvEntry> | undefined;
  private readonly envFiles = new Map<string, Map<string, DotenvEntry> | undefined>();
  private readonly sources = new Map<string, YamlSource | undefined>();
  private readonly definitions = new Map<YamlSource, Map<string, ServiceDefinition>>();
  private readonly resolved = new Map<ServiceDefinition, ResolvedService>();
  /** The interpolated values of the linted file that used `.env`, by the line they start on. */
  private readonly interpolations = new Map<number, Array<{ range: Range; entries: DotenvEntry[] }>>();
  /** In the base of a pair: the lines of the services the override also defines. */
  private readonly overriddenLines = new Set<number>();
  private pairFile: OverridePair | undefined;
  /** The Dockerfiles the services build, by location, each parsed once per lint. */
  readonly dockerfiles = new Map<string, DockerfileModel | undefined>();

  constructor(
    private readonly file: ComposeFileContext,
    private readonly own: YamlSource,
  ) {}

  /** The linted file's location. */
  get uri(): string {
    return this.file.uri;
  }

  get workspace(): WorkspaceView | undefined {
    return this.file.workspace;
  }

  get dockerfileModels(): DockerfileModels | undefined {
    return this.file.dockerfileModels;
  }

  private get dotenvLocation(): string {
    return resolveLocation(folderOf(this.file.uri), '.env');
  }

  /** The variables of an `env_file` a service loads, parsed once per lint; undefined when it cannot be read. */
  envFile(location: string): Map<string, DotenvEntry> | undefined {
    if (!this.envFiles.has(location)) {
      const text = this.workspace?.readFile(location);
      this.envFiles.set(location, text === undefined ? undefined : parseDotenv(text));
    }
    return this.envFiles.get(location);
  }

  /** The variables of the `.env` beside the linted file, read on first use. */
  private dotenv(): Map<string, DotenvEntry> {
    if (!this.dotenvEntries) {
      const text = this.workspace?.readFile(this.dotenvLocation);
      this.dotenvEntries = text === undefined ? new Map() : parseDotenv(text);
    }
    return this.dotenvEntries;
  }

  /** The values of the `.env` variables read during the lint: no message may show them. */
  variableValues(): string[] {
    return [...(this.dotenvEntries?.values() ?? [])].flatMap((entry) => (entry.value === undefined ? [] : [entry.value]));
  }

  /**
   * Interpolates a value written at `range`: `.env` first, then the defaults of the text. The
   * shell's environment is unknown to a linter: a variable set in neither is unknown, unless the
   * text gives a default. The `.env` lines used are remembered for the findings at `range`.
   */
  interpolate(text: string, range: SourceRange): string | undefined {
    if (!text.includes('$')) return text;
    const used: DotenvEntry[] = [];
    let unknown = false;
    const value = expandCompose(text, (name) => {
      const entry = this.dotenv().get(name);
      if (!entry) return undefined;
      used.push(entry);
      // Set, to a value that depends on the shell: no default applies, and the result is unknown.
      if (entry.value === undefined) unknown = true;
      return entry.value ?? '';
    });
    if (unknown) return undefined;
    if (used.length > 0 && !range.uri) {
      const atLine = this.interpolations.get(range.start.line) ?? [];
      atLine.push({ range, entries: used });
      this.interpolations.set(range.start.line, atLine);
    }
    return value;
  }

  /** The services of the linted file, each with `extends` and the other file of its override pair merged in. */
  effectiveServices(own: Map<string, ServiceDefinition>): ComposeService[] {
    this.definitions.set(this.own, own);
    const pair = this.pair();
    const services: ComposeService[] = [];
    for (const definition of own.values()) {
      const resolved = this.resolve(definition, []);
      if (resolved.cycle) this.reportCycle(definition, resolved.cycle);
      let entries = resolved.entries;
      let unknown = resolved.unknown;
      let keyRange = definition.keyRange;
      const other = pair?.services.get(definition.name);
      if (pair && other) {
        const otherResolved = this.resolve(other, []);
        unknown ||= otherResolved.unknown;
        if (pair.role === 'base') {
          entries = mergeEntries(entries, otherResolved.entries);
          const span = nodeSpan(definition);
          for (let line = span.start.line; line <= span.end.line; line++) this.overriddenLines.add(line);
        } else {
          // The base defines the service: what it lacks is reported there, at its key.
          entries = mergeEntries(otherResolved.entries, entries);
          keyRange = other.keyRange;
        }
      }
      const resets = new Map([...entries].filter(([, entry]) => entry.tag === 'reset'));
      services.push({ name: definition.name, keyRange, entries: withoutResets(entries), extendsUnknown: unknown, node: definition.node, resets: resets.size > 0 ? resets : undefined });
    }
    return services;
  }

  /** The other file of the linted file's override pair, when there is one in the workspace. */
  private pair(): OverridePair | undefined {
    if (this.pairFile || !this.workspace) return this.pairFile;
    const name = baseName(this.file.uri);
    const role = BASE_NAMES.includes(name) ? 'base' : OVERRIDE_NAMES.includes(name) ? 'override' : undefined;
    if (!role) return undefined;
    for (const candidate of role === 'base' ? OVERRIDE_NAMES : BASE_NAMES) {
      const source = this.source(resolveLocation(folderOf(this.file.uri), candidate));
      if (!source) continue;
      this.pairFile = { role, name: candidate, services: this.servicesOf(source) };
      break;
    }
    return this.pairFile;
  }

  /** A YAML file of the project, parsed once; undefined when it cannot be read or is not valid YAML. */
  private source(location: string): YamlSource | undefined {
    if (location === this.file.uri) return this.own;
    if (!this.sources.has(location)) {
      const text = this.workspace?.readFile(location);
      const parsed = text === undefined ? undefined : parseYaml(text.startsWith('\uFEFF') ? text.slice(1) : text, location);
      this.sources.set(location, parsed && !parsed.problem ? parsed.source : undefined);
    }
    return this.sources.get(location);
  }

  private servicesOf(source: YamlSource): Map<string, ServiceDefinition> {
    let services = this.definitions.get(source);
    if (!services) {
      services = streamServiceDefinitions(source).services;
      this.definitions.set(source, services);
    }
    return services;
  }

  /** The service an `extends` names: in the same file, or in the `file` it names (relative to the extending file). */
  private extended(definition: ServiceDefinition, value: Traced): ServiceDefinition | undefined {
    let name = scalarText(value);
    let source: YamlSource | undefined = definition.source;
    if (name === undefined) {
      const entries = entriesOf(value);
      name = scalarText(entries.get('service')?.value);
      const file = scalarText(entries.get('file')?.value);
      if (file !== undefined) source = this.source(resolveLocation(folderOf(definition.source.uri ?? this.file.uri), file));
    }
    return name === undefined || !source ? undefined : this.servicesOf(source).get(name);
  }

  /** A service with the services it extends merged underneath, anchored at its `extends` key. */
  private resolve(definition: ServiceDefinition, chain: ServiceDefinition[]): ResolvedService {
    const known = this.resolved.get(definition);
    if (known) return known;
    const extendsEntry = definition.entries.get('extends');
    let result: ResolvedService = { entries: definition.entries, unknown: false };
    if (extendsEntry?.value) {
      const base = this.extended(definition, extendsEntry.value);
      const path = [...chain, definition];
      if (!base || path.length > MAX_MERGE_DEPTH) result = { entries: definition.entries, unknown: true };
      else if (path.includes(base)) result = { entries: definition.entries, unknown: true, cycle: path.slice(path.indexOf(base)) };
      else {
        const inherited = this.resolve(base, path);
        const entries = mergeEntries(reanchor(withoutResets(inherited.entries), extendsEntry.keyRange), definition.entries);
        result = { entries, unknown: inherited.unknown, cycle: inherited.cycle };
      }
    }
    // A result inside a cycle depends on where the walk entered it: only complete ones are kept.
    if (!result.cycle) this.resolved.set(definition, result);
    return result;
  }

  private reportCycle(definition: ServiceDefinition, cycle: ServiceDefinition[]): void {
    const at = definition.entries.get('extends')?.keyRange;
    if (!at || at.uri) return;
    const names = [...cycle, cycle[0]].map((service) => this.describe(service)).join(' → ');
    const inCycle = cycle.includes(definition);
    this.problems.push({
      range: plainRange(at),
      message: `${inCycle ? `Service "${definition.name}" extends itself` : `Service "${definition.name}" extends a cycle`}: ${names}. Compose rejects an extends cycle; the keys it would inherit were not checked.`,
      related: cycle.filter((service) => service !== definition).flatMap((service) => {
        const key = service.entries.get('extends')?.keyRange;
        return key ? [relatedAt(key, `"${service.name}" extends from here`)] : [];
      }),
    });
  }

  /**
   * Follows the linted file's `include:` as Compose does: each item names a file (or a list, the
   * first one the main file, the others its overrides), relative to the linted file, its values
   * interpolated with the linted file's variables; an included file's own `include:` is followed
   * from its folder, interpolated with its project's `.env` (the item's `env_file`, else the `.env`
   * of its `project_directory`, by default its folder). The included files' services are their own
   * to lint; what makes Compose reject the project is reported at the item: an include cycle, a file
   * that cannot be read, a service defined here again differently.
   */
  followIncludes(own: Map<string, ServiceDefinition>): void {
    for (const document of documentsOf(this.own)) {
      const root = trace(document, document.doc.contents as Node | null);
      const include = root && isMap(root.node) ? entriesOf(root).get('include')?.value : undefined;
      if (!include || !isSeq(include.node)) continue;
      for (const item of include.node.items) {
        const traced = trace(document, item as Node);
        if (!traced) continue;
        const included = includeItem(traced, (text) => this.interpolate(text, traced.range), folderOf(this.file.uri));
        if (!included) continue;
        const problem = this.includeProblem(included, [this.file.uri], own);
        if (problem) this.problems.push({ range: plainRange(traced.range), ...problem });
      }
    }
  }

  /** The first reason Compose would reject an included file, following its own includes. */
  private includeProblem(included: IncludedFile, chain: string[], own: Map<string, ServiceDefinition>): { message: string; severity?: Severity } | undefined {
    for (const location of included.locations) {
      const name = this.relativeName(location);
      if (chain.includes(location)) {
        const names = [...chain, location].map((file) => this.relativeName(file)).join(' → ');
        return { message: `Include cycle: ${names}. Compose rejects a project whose files include each other; the files of the cycle were not followed.` };
      }
      const source = this.source(location);
      if (!source) return { message: `The included file ${name} cannot be read, or is not valid YAML: Compose cannot load the project without it.`, severity: 'warning' };
      for (const [service, definition] of this.servicesOf(source)) {
        const here = own.get(service);
        if (here && textOf(here) !== textOf(definition)) {
          return { message: `Service "${service}" is defined here and, differently, in the included file ${name}: Compose rejects the project ("services.${service} conflicts with imported resource").` };
        }
      }
    }
    // The included project's variables interpolate its own `include:` items.
    const dotenv = this.envFile(included.envFile);
    const lookup = (text: string) => expandCompose(text, (variable) => dotenv?.get(variable)?.value);
    const main = included.locations[0];
    const source = main && this.source(main);
    for (const document of source ? documentsOf(source) : []) {
      const root = trace(document, document.doc.contents as Node | null);
      const nested = root && isMap(root.node) ? entriesOf(root).get('include')?.value : undefined;
      if (!nested || !isSeq(nested.node)) continue;
      for (const item of nested.node.items) {
        const traced = trace(document, item as Node);
        const next = traced && includeItem(traced, lookup, included.projectDirectory);
        const problem = next && this.includeProblem(next, [...chain, main], own);
        if (problem) return problem;
      }
    }
    return undefined;
  }

  /** A file's location as messages name it: relative to the linted file's folder when it is under it. */
  private relativeName(location: string): string {
    const folder = folderOf(this.file.uri);
    return location.startsWith(folder) ? location.slice(folder.length) : baseName(location);
  }

  /** The `.env` lines of the interpolated values in a range or, for a finding at a key (`privileged: ${PRIVILEGED}`), on its line. */
  private dotenvLinesAt(range: Range): Set<DotenvEntry> {
    const entries = new Set<DotenvEntry>();
    for (let line = range.start.line; line <= range.end.line; line++) {
      for (const used of this.interpolations.get(line) ?? []) {
        if (line === range.start.line || contains(range, used.range)) for (const entry of used.entries) entries.add(entry);
      }
    }
    return entries;
  }

  private describe(definition: ServiceDefinition): string {
    return definition.source.uri ? `${baseName(definition.source.uri)}#${definition.name}` : definition.name;
  }

  /**
   * What the linted file reports of the findings made on the project: those anchored in another
   * file are that file's own (its lint reports them); related ranges in other files become related
   * locations there; a finding at an interpolated value points at the `.env` lines it used; and in
   * the base of an override pair, a finding that remains in a service the override also defines
   * says the override was taken into account.
   */
  findings(findings: Finding[]): Finding[] {
    const kept: Finding[] = [];
    for (const finding of findings) {
      if ((finding.range as SourceRange).uri) continue;
      finding.range = plainRange(finding.range);
      let related = finding.related?.map((location) => {
        const uri = location.uri ?? (location.range as SourceRange).uri;
        return uri ? { uri, range: plainRange(location.range), message: location.message } : { ...location, range: plainRange(location.range) };
      });
      for (const entry of this.dotenvLinesAt(finding.range)) {
        (related ??= []).push({ uri: this.dotenvLocation, range: entry.range, message: `${entry.name} is set here, in .env` });
      }
      finding.related = related;
      if (this.pairFile?.role === 'base' && this.overriddenLines.has(finding.range.start.line) && this.overriddenLines.has(finding.range.end.line)) {
        finding.message = `${finding.message} (${this.pairFile.name} does not change it)`;
      }
      kept.push(finding);
    }
    return kept;
  }
}

/** Every key re-anchored at `usedAt` (a service's `extends` key), its definition kept. */
function reanchor(entries: Map<string, MapEntry>, usedAt: SourceRange): Map<string, MapEntry> {
  const anchored = new Map<string, MapEntry>();
  for (const [key, entry] of entries) {
    if (key === 'extends') continue;
    anchored.set(key, { key, keyRange: usedAt, value: entry.value && reanchorValue(entry.value, usedAt), definedAt: entry.definedAt ?? entry.keyRange });
  }
  return anchored;
}

function reanchorValue(value: Traced, usedAt: SourceRange): Traced {
  return copyTraced(value, { range: usedAt, definedAt: value.definedAt ?? value.range, inherited: true, under: value.under && reanchorValue(value.under, usedAt) });
}

/** The lines a service's definition spans in its file, its key included. */
function nodeSpan(definition: ServiceDefinition): Range {
  return { start: definition.keyRange.start, end: nodeRange(definition.source, definition.node).end };
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function plainRange(range: Range): Range {
  return { start: range.start, end: range.end };
}

function relatedAt(range: SourceRange, message: string): RelatedLocation {
  return range.uri ? { uri: range.uri, range: plainRange(range), message } : { range: plainRange(range), message };
}

/** What an `include:` item names, resolved: its files (the main one first), its project folder, the `.env` its files are interpolated with. */
interface IncludedFile {
  locations: string[];
  projectDirectory: string;
  envFile: string;
}

/** An `include:` item (a path, or `{path, project_directory, env_file}`), its values interpolated with `interpolate`, relative to `folder`. */
function includeItem(item: Traced, interpolate: (text: string) => string | undefined, folder: string): IncludedFile | undefined {
  const texts = (value: Traced | undefined): string[] => {
    if (!value) return [];
    const items = isSeq(value.node) ? value.node.items.map((node) => trace(value.source, node as Node)) : [value];
    return items.map((traced) => scalarText(traced)).flatMap((text) => (text === undefined ? [] : [interpolate(text)])).filter((text): text is string => text !== undefined && text.trim() !== '');
  };
  const entries = isMap(item.node) ? entriesOf(item) : undefined;
  const paths = entries ? texts(entries.get('path')?.value) : texts(item);
  if (paths.length === 0) return undefined;
  const locations = paths.map((path) => resolveLocation(folder, path.trim()));
  const directory = entries ? texts(entries.get('project_directory')?.value)[0] : undefined;
  const projectDirectory = directory === undefined ? folderOf(locations[0]) : `${resolveLocation(folder, directory.trim()).replace(/\/$/, '')}/`;
  const envFile = entries ? texts(entries.get('env_file')?.value)[0] : undefined;
  return { locations, projectDirectory, envFile: envFile === undefined ? resolveLocation(projectDirectory, '.env') : resolveLocation(folder, envFile.trim()) };
}

/** A service's definition as written, to tell an identical one (which Compose accepts twice) from a different one. */
function textOf(definition: ServiceDefinition): string {
  const [start, , end] = definition.node.range ?? [0, 0, 0];
  return definition.source.lines.text.slice(start, end).replace(/\s+/g, ' ').trim();
}
