import { createScanner, findNodeAtLocation, modify, parseTree, printParseErrorCode, SyntaxKind, type FormattingOptions, type Node, type ParseError } from 'jsonc-parser';
import { bracketNestingBeyond, LineIndex, MAX_BRACKET_DEPTH } from '../text';
import type { Range, TextEdit } from '../types';
import { folderOf, resolveLocation, type WorkspaceView } from '../workspace';
import { mountType, parseShortPort, type MountType, type PortMapping, type VolumeMount } from './compose-mounts';
import { withLoopback } from './compose-runtime';
import { describeParseError } from './daemon';
import { knownFeature, type KnownFeature } from './devcontainer-features';
import { parseMountFlag, runContainer, type RunWord } from './run-flags';
import { emptyContainer, isRootUser, type ContainerRuntime, type EnvironmentSetting, type HardeningSetting, type LackingSetting, type RuntimeFileModel, type RuntimeSetting } from './runtime';

/**
 * A dev container (`.devcontainer/devcontainer.json`, `.devcontainer.json`,
 * `.devcontainer/<name>/devcontainer.json`) read per the Dev Containers specification: JSON with
 * comments and trailing commas, describing one container started from an image, a Dockerfile or a
 * Compose service, with the settings its features grant merged in. Every setting keeps the exact
 * range it is written at (the key, the array item's text, the feature's key).
 */

/** A file the dev container is made from, as written and where the engine finds it. */
export interface DevcontainerSource {
  /** As written, relative to the devcontainer.json's folder. */
  path: string;
  /** Resolved against the devcontainer.json's folder, in the document's own form (URI or path). */
  location: string;
  range: Range;
}

export interface DevcontainerFeature {
  /** The reference as written: `ghcr.io/devcontainers/features/docker-in-docker:2`. */
  reference: string;
  /** The key in `features`, quotes included. */
  range: Range;
  /** Undefined for a feature not in the offline table (taken to grant nothing). */
  known?: KnownFeature;
}

/** A `runArgs` item: one word of a `docker run` command line. */
interface RunArgument {
  value: string;
  /** The string's content, without its quotes. */
  range: Range;
}

export interface DevcontainerModel extends RuntimeFileModel {
  kind: 'devcontainer';
  /** The top-level object; undefined when the file holds none. */
  root: Node | undefined;
  /** What the container is started from: `image`, `build.dockerfile`, or a service of `dockerComposeFile`. */
  origin: 'image' | 'dockerfile' | 'compose' | undefined;
  dockerfile?: DevcontainerSource;
  composeFiles: DevcontainerSource[];
  service?: { name: string; range: Range };
  features: DevcontainerFeature[];
  /** `runArgs`, in order: `docker run` flags the tool adds (image and Dockerfile dev containers only). */
  runArgs: RunArgument[];
}

const LABEL = 'The dev container';

/** `${localEnv:HOME}`, `${env:HOME}` (the older spelling), and `USERPROFILE` beside it for Windows hosts: the user's home. */
const HOME_PREFIX = /^(?:\$\{(?:localEnv|env):(?:HOME|USERPROFILE)\})+(?=\/|\\|$)/;
const WORKSPACE_FOLDER = /\$\{localWorkspaceFolder\}/g;

export function parseDevcontainer(text: string, uri: string, workspace?: WorkspaceView): DevcontainerModel {
  const lines = new LineIndex(text);
  const syntaxProblems: DevcontainerModel['syntaxProblems'] = [];
  let ends: Map<number, number> | undefined;
  const model: DevcontainerModel = {
    kind: 'devcontainer',
    text,
    lines,
    containers: [],
    syntaxProblems,
    root: undefined,
    origin: undefined,
    composeFiles: [],
    features: [],
    runArgs: [],
    // Asked only at a suppression comment: most files have none.
    statementEnd: (line) => (ends ??= statementEndLines(model)).get(line) ?? line,
  };
  // jsonc-parser is recursive: megabytes of `[` would overflow its stack.
  const tooDeep = bracketNestingBeyond(text, MAX_BRACKET_DEPTH);
  if (tooDeep !== undefined) {
    syntaxProblems.push({ range: lines.range(tooDeep, tooDeep + 1), message: 'This devcontainer.json is nested too deeply to be read, so the file was not checked.' });
    return model;
  }
  if (text.trim() === '') return model;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true });
  // Only the first error is sure to be one: the others often follow from it.
  const [first] = errors;
  if (first) {
    syntaxProblems.push({
      range: lines.range(first.offset, first.offset + Math.max(first.length, 1)),
      message: `This devcontainer.json is not valid JSON with comments (${describeParseError(printParseErrorCode(first.error))}): no dev container can be started from it.`,
    });
  }
  if (root?.type !== 'object') {
    if (root && !first) syntaxProblems.push({ range: lines.range(root.offset, root.offset + 1), message: 'A devcontainer.json holds one object of settings.' });
    return model;
  }
  model.root = root;
  new DevcontainerReader(model, uri, workspace).read(root);
  // What a syntax error broke off is not known: rules about a missing setting stay silent.
  if (first) for (const container of model.containers) container.incomplete = true;
  return model;
}

/** Reads the top-level settings of a devcontainer.json into its model and its one container. */
class DevcontainerReader {
  private readonly lines: LineIndex;
  private readonly text: string;
  private readonly container: ContainerRuntime;

  constructor(
    private readonly model: DevcontainerModel,
    private readonly uri: string,
    private readonly workspace: WorkspaceView | undefined,
  ) {
    this.lines = model.lines;
    this.text = model.text;
    this.container = emptyContainer('devcontainer', LABEL, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  }

  read(root: Node): void {
    const properties = new Map<string, Node>();
    for (const property of root.children ?? []) {
      const key = property.children?.[0];
      // A repeated key: the last one wins, as in JSON.parse (and the tools that read the file).
      if (key && typeof key.value === 'string') properties.set(key.value, property);
    }
    const name = properties.get('name')?.children?.[0];
    this.container.anchor = name ? this.range(name) : this.lines.range(root.offset, root.offset + 1);

    const composed = properties.has('dockerComposeFile');
    this.model.origin = composed ? 'compose' : properties.has('build') || properties.has('dockerFile') ? 'dockerfile' : properties.has('image') ? 'image' : undefined;
    // The Compose service's own settings are in the Compose file (linted as such): rules about a missing setting cannot know them here.
    if (composed) this.container.incomplete = true;

    for (const [key, property] of properties) {
      const value = property.children?.[1];
      if (!value) continue;
      switch (key) {
        case 'privileged':
          this.readPrivileged(property, value);
          break;
        case 'capAdd':
          for (const item of this.stringItems(value)) this.container.capAdd.push(this.ownItem(item, key));
          break;
        case 'securityOpt':
          for (const item of this.stringItems(value)) this.container.securityOpt.push(this.ownItem(item, key));
          break;
        case 'mounts':
          for (const item of value.type === 'array' ? value.children ?? [] : []) this.readMount(item, true);
          break;
        case 'workspaceMount':
          if (value.type === 'string') this.readMount(value, false);
          break;
        case 'containerEnv':
        case 'remoteEnv':
          this.readEnvironment(value);
          break;
        case 'containerUser':
        case 'remoteUser':
          this.readUser(value);
          break;
        case 'features':
          this.readFeatures(value);
          break;
      }
    }
    if (!composed) {
      const image = properties.get('image')?.children?.[1];
      if (image?.type === 'string') this.container.image = { value: image.value as string, range: this.contentRange(image) };
      const appPort = properties.get('appPort')?.children?.[1];
      if (appPort) this.readAppPorts(appPort);
      const runArgs = properties.get('runArgs')?.children?.[1];
      if (runArgs) this.readRunArgs(runArgs);
      this.readBuild(properties.get('build')?.children?.[1], properties.get('dockerFile')?.children?.[1]);
    } else {
      this.readCompose(properties.get('dockerComposeFile')?.children?.[1], properties.get('service')?.children?.[1]);
    }
    this.container.lacking = (setting) => this.lacking(setting, root, composed);
    this.model.containers.push(this.container);
  }

  /**
   * How a hardening setting the container lacks is added: `--cap-drop=ALL` in `runArgs`,
   * `no-new-privileges` in `securityOpt`. A read-only root filesystem and limits are not added: the
   * tool installs its server in the container, and what a limit should be is the project's call.
   */
  private lacking(setting: HardeningSetting, root: Node, composed: boolean): LackingSetting {
    // A Compose dev container ignores runArgs.
    if (setting === 'capDrop' && !composed) return { add: () => this.appendItem(root, 'runArgs', '--cap-drop=ALL') };
    if (setting === 'noNewPrivileges') return { add: () => this.appendItem(root, 'securityOpt', 'no-new-privileges') };
    return {};
  }

  /** Edits that add `value` at the end of the top-level array `key`, making the key when there is none. */
  private appendItem(root: Node, key: string, value: string): TextEdit[] | undefined {
    const existing = findNodeAtLocation(root, [key]);
    if (existing && existing.type !== 'array') return undefined;
    const edits = existing
      ? modify(this.text, [key, -1], value, { isArrayInsertion: true, formattingOptions: this.formatting() })
      : modify(this.text, [key], [value], { formattingOptions: this.formatting() });
    return edits.map((edit) => ({ range: this.lines.range(edit.offset, edit.offset + edit.length), newText: edit.content }));
  }

  /** The file's own indentation and line break, for inserted text. */
  private formatting(): FormattingOptions {
    const indented = /^([ \t]+)\S/m.exec(this.text)?.[1];
    return indented?.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol: this.lines.lineBreak } : { insertSpaces: true, tabSize: indented?.length ?? 2, eol: this.lines.lineBreak };
  }

  private range(node: Node): Range {
    return this.lines.range(node.offset, node.offset + node.length);
  }

  /** A string's text between its quotes. */
  private contentRange(node: Node): Range {
    return node.type === 'string' ? this.lines.range(node.offset + 1, node.offset + node.length - 1) : this.range(node);
  }

  private stringItems(value: Node): Node[] {
    return value.type === 'array' ? (value.children ?? []).filter((item) => item.type === 'string') : [];
  }

  /**
   * Edits that remove a property (its key and value) or array items (`node` to `last`) and the comma
   * after them, or before them when they are the last: what stays is valid JSON with comments, its
   * comments kept.
   */
  private removal(node: Node, last: Node = node): () => TextEdit[] {
    return () => {
      const scanner = createScanner(this.text, false);
      const nextToken = (from: number) => {
        scanner.setPosition(from);
        let kind = scanner.scan();
        while (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia || kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) kind = scanner.scan();
        return { kind, offset: scanner.getTokenOffset(), end: scanner.getTokenOffset() + scanner.getTokenLength() };
      };
      const cut = (start: number, end: number) => ({ range: this.lines.range(start, end), newText: '' });
      const blank = (start: number, end: number) => /^\s*$/.test(this.text.slice(start, end));
      const start = node.offset;
      const end = last.offset + last.length;
      const after = nextToken(end);
      if (after.kind === SyntaxKind.CommaToken) {
        // A comment between the item and its comma stays.
        if (!blank(end, after.offset)) return [cut(start, end), cut(after.offset, after.end)];
        let stop = after.end;
        while (this.text[stop] === ' ' || this.text[stop] === '\t') stop++;
        // An item alone on its line goes with its line.
        const line = this.lines.lineAt(start);
        const lineStart = this.lines.offsetAt({ line, character: 0 });
        if (blank(lineStart, start) && stop === this.lines.lineEnd(line) && line + 1 < this.lines.lineCount) {
          return [cut(lineStart, this.lines.offsetAt({ line: line + 1, character: 0 }))];
        }
        return [cut(start, stop)];
      }
      const siblings = node.parent?.children ?? [];
      const previous = siblings[siblings.indexOf(node) - 1];
      const before = previous && nextToken(previous.offset + previous.length);
      if (before?.kind !== SyntaxKind.CommaToken) return [cut(start, end)];
      return blank(before.end, start) ? [cut(before.offset, end)] : [cut(before.offset, before.end), cut(start, end)];
    };
  }

  /**
   * `runArgs`: the words the tool adds to its `docker run`, read by the one reader of run flags. A
   * word's range is the string's content; a word with a variable (`${localEnv:X}`) is not known.
   */
  private readRunArgs(value: Node): void {
    const items = this.stringItems(value);
    const words: RunWord[] = items.map((item) => {
      const text = item.value as string;
      const start = item.offset + 1;
      const end = item.offset + item.length - 1;
      this.model.runArgs.push({ value: text, range: this.lines.range(start, end) });
      // Without escapes, each character of the value is one of the text.
      const span = this.text.slice(start, end) === text ? (from: number, to: number) => ({ start: start + from, end: start + to }) : undefined;
      return { text, start, end, dynamic: hasVariable(text), ...(span ? { span } : {}) };
    });
    const run = runContainer({
      engine: 'docker',
      words,
      lines: this.lines,
      anchor: this.container.anchor,
      label: LABEL,
      flagsOnly: true,
      edits: {
        removeWords: (first, last) => this.removal(items[first], items[last])(),
        replaceWord: (index, text) => [{ range: this.range(items[index]), newText: JSON.stringify(text) }],
      },
    });
    const c = this.container;
    c.incomplete ||= run.incomplete;
    c.privileged.push(...run.privileged);
    c.capAdd.push(...run.capAdd);
    c.capDrop.push(...run.capDrop);
    c.securityOpt.push(...run.securityOpt);
    c.namespaces.push(...run.namespaces);
    c.mounts.push(...run.mounts);
    c.tmpfs.push(...run.tmpfs);
    c.devices.push(...run.devices);
    c.ports.push(...run.ports);
    c.environment.push(...run.environment);
    // The tool passes `runArgs` after `containerUser`'s `-u`: a user there wins.
    if (run.user) c.user = run.user;
    if (run.readOnlyRootFilesystem) c.readOnlyRootFilesystem = run.readOnlyRootFilesystem;
    if (run.memoryLimit) c.memoryLimit = run.memoryLimit;
    if (run.cpuLimit) c.cpuLimit = run.cpuLimit;
    if (run.pidsLimit) c.pidsLimit = run.pidsLimit;
  }

  private ownItem(item: Node, key: string): RuntimeSetting<string> {
    const value = item.value as string;
    return { value, range: this.contentRange(item), written: value, edits: { remove: this.removal(item), removeTitle: `Remove ${value} from ${key}` } };
  }

  private readPrivileged(property: Node, value: Node): void {
    const key = property.children![0];
    if (value.type === 'boolean') {
      if (value.value === true) this.container.privileged.push({ value: true, range: this.range(key), written: '"privileged": true', edits: { remove: this.removal(property) } });
    } else if (value.type === 'string' && hasVariable(value.value as string)) {
      this.container.incomplete = true;
    }
  }

  /**
   * A mount: the `docker run --mount` form (`source=...,target=...,type=bind`) or the object form
   * (`type`, `source`, `target`). A bind source the engine cannot resolve leaves the mount out.
   */
  private readMount(item: Node, removable: boolean): void {
    if (item.type === 'string') {
      const fields = parseMountFlag(item.value as string);
      if (!fields) return;
      const range = this.contentRange(item);
      const readOnly = fields.readOnly;
      const edits = {
        remove: removable ? this.removal(item) : undefined,
        // A `readonly` field at the end of the string; escapes before it are kept as written.
        readOnly: readOnly ? undefined : () => [{ range: { start: range.end, end: range.end }, newText: ',readonly' }],
      };
      this.addMount(fields.type, fields.source, fields.target, readOnly, fields.propagation, range, edits);
    } else if (item.type === 'object') {
      const field = (name: string) => (item.children ?? []).find((property) => property.children?.[0]?.value === name)?.children?.[1];
      const text = (node: Node | undefined) => (node?.type === 'string' ? (node.value as string) : undefined);
      const source = field('source');
      const type = text(field('type'));
      this.addMount(mountType(type ?? 'volume'), text(source), text(field('target')), false, undefined, source ? this.contentRange(source) : this.range(item), { remove: this.removal(item) });
    }
  }

  private addMount(
    type: MountType | undefined,
    rawSource: string | undefined,
    target: string | undefined,
    readOnly: boolean,
    propagation: string | undefined,
    range: Range,
    edits: RuntimeSetting<VolumeMount>['edits'],
    granted?: Pick<RuntimeSetting<VolumeMount>, 'grantedBy' | 'grantedInstead'>,
  ): void {
    if (type === 'tmpfs') {
      if (target) this.container.tmpfs.push({ value: { target, options: [], range }, range, ...granted });
      return;
    }
    let source = rawSource;
    if (type === 'bind' && source !== undefined) {
      source = resolveHostPath(source);
      if (source === undefined) {
        this.container.incomplete = true;
        return;
      }
    }
    if (type === undefined) this.container.incomplete = true;
    const mount: VolumeMount = { syntax: 'long', type, source, target, readOnly, propagation, options: [], range };
    this.container.mounts.push({ value: mount, range, ...(edits ? { edits } : {}), ...granted });
  }

  private readEnvironment(value: Node): void {
    for (const property of value.type === 'object' ? value.children ?? [] : []) {
      const [nameNode, valueNode] = property.children ?? [];
      if (!nameNode || typeof nameNode.value !== 'string' || valueNode?.type !== 'string') continue;
      const name = nameNode.value;
      const written = valueNode.value as string;
      // A value with a variable in it (`${localEnv:TOKEN}`, `${containerEnv:PATH}`) is not written here.
      const literal = !hasVariable(written);
      const setting: EnvironmentSetting = {
        name,
        value: literal ? written : undefined,
        ...(literal && valueNode.length >= 2 ? { valueOffsets: [valueNode.offset + 1, valueNode.offset + valueNode.length - 1] as [number, number] } : {}),
      };
      const environmentName = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
      this.container.environment.push({
        value: setting,
        range: this.range(property),
        edits: {
          remove: this.removal(property),
          fromHostEnvironment: literal && environmentName ? () => [{ range: this.range(valueNode), newText: JSON.stringify(`\${localEnv:${name}}`) }] : undefined,
        },
      });
    }
  }

  /** `containerUser` runs the container, `remoteUser` the tool's terminals and processes: a root one of either is the user that counts. */
  private readUser(value: Node): void {
    if (value.type !== 'string') return;
    const user = value.value as string;
    if (hasVariable(user)) {
      this.container.incomplete = true;
      return;
    }
    // No edit to another user: the tool needs a user the image has (`vscode`, `node`), which only the project knows.
    const setting: RuntimeSetting<string> = { value: user, range: this.contentRange(value) };
    if (!this.container.user || isRootUser(user)) this.container.user = setting;
  }

  /**
   * `appPort`: a number is published on 127.0.0.1 only (the Dev Containers CLI passes `-p 127.0.0.1:N:N`),
   * a string as `docker run -p` takes it (all interfaces unless it names one). `forwardPorts` publish
   * nothing: the tool forwards them to the local host.
   */
  private readAppPorts(value: Node): void {
    const items = value.type === 'array' ? value.children ?? [] : [value];
    for (const item of items) {
      const range = item.type === 'string' ? this.contentRange(item) : this.range(item);
      const remove = this.removal(value.type === 'array' ? item : value.parent!);
      let port: Omit<PortMapping, 'range' | 'definedAt' | 'syntax'> | undefined;
      if (item.type === 'number') port = parseShortPort(`127.0.0.1:${item.value}:${item.value}`);
      else if (item.type === 'string') {
        if (hasVariable(item.value as string)) {
          this.container.incomplete = true;
          continue;
        }
        port = parseShortPort(item.value as string);
      }
      if (!port) continue;
      const written = item.type === 'string' ? (item.value as string) : undefined;
      const toLoopback = () => {
        const text = written === undefined ? undefined : withLoopback(written, port!.hostIp);
        return text === undefined ? undefined : [{ range: this.range(item), newText: JSON.stringify(text) }];
      };
      this.container.ports.push({ value: { syntax: 'short', ...port, range }, range, edits: { remove, toLoopback } });
    }
  }

  private readFeatures(value: Node): void {
    for (const property of value.type === 'object' ? value.children ?? [] : []) {
      const key = property.children?.[0];
      if (!key || typeof key.value !== 'string') continue;
      const feature: DevcontainerFeature = { reference: key.value, range: this.range(key), known: knownFeature(key.value) };
      this.model.features.push(feature);
      if (feature.known) this.grant(feature.reference, feature.range, feature.known);
    }
  }

  /** A feature's grants as settings of the container, anchored at the feature's key. */
  private grant(reference: string, range: Range, { grants, alternative }: KnownFeature): void {
    const granted = { range, grantedBy: reference, ...(alternative ? { grantedInstead: alternative } : {}) };
    if (grants.privileged) this.container.privileged.push({ value: true, ...granted });
    for (const cap of grants.capAdd ?? []) this.container.capAdd.push({ value: cap, ...granted });
    for (const option of grants.securityOpt ?? []) this.container.securityOpt.push({ value: option, ...granted });
    for (const mount of grants.mounts ?? []) this.addMount(mount.type, mount.source, mount.target, false, undefined, range, undefined, granted);
    for (const [name, value] of Object.entries(grants.containerEnv ?? {})) this.container.environment.push({ value: { name, value }, ...granted });
  }

  private readBuild(build: Node | undefined, legacyDockerfile: Node | undefined): void {
    const field = (name: string) => (build?.type === 'object' ? findNodeAtLocation(build, [name]) : undefined);
    const dockerfile = field('dockerfile') ?? field('dockerFile') ?? legacyDockerfile;
    if (dockerfile?.type !== 'string') return;
    const context = field('context');
    const contextPath = context?.type === 'string' ? (context.value as string) : '.';
    this.model.dockerfile = this.source(dockerfile);
    // The context is recorded as a dependency too: a build reads it.
    if (this.workspace && !hasVariable(contextPath)) this.workspace.listDirectory(resolveLocation(folderOf(this.uri), contextPath));
  }

  private readCompose(files: Node | undefined, service: Node | undefined): void {
    const items = files?.type === 'array' ? files.children ?? [] : files ? [files] : [];
    for (const item of items) {
      if (item.type === 'string') this.model.composeFiles.push(this.source(item));
    }
    if (service?.type === 'string') this.model.service = { name: service.value as string, range: this.contentRange(service) };
  }

  /** A file named relative to the devcontainer.json, read through the workspace so that a change to it re-lints this file. */
  private source(node: Node): DevcontainerSource {
    const path = node.value as string;
    const location = resolveLocation(folderOf(this.uri), path);
    if (this.workspace && !hasVariable(path)) this.workspace.readFile(location);
    return { path, location, range: this.contentRange(node) };
  }
}

/**
 * A bind mount's host path with the variables the engine can stand for: the workspace folder (`.`, the
 * project) and the user's home (`~`). Undefined when another variable is left: the path is unknown.
 */
function resolveHostPath(source: string): string | undefined {
  const resolved = source.replace(HOME_PREFIX, '~').replace(WORKSPACE_FOLDER, '.').replace(/\\/g, '/');
  return hasVariable(resolved) ? undefined : resolved;
}

/** Whether a value holds a variable (`${localEnv:X}`, `${containerEnv:PATH}`): a `${` with a `}` after it. Linear, whatever the text. */
function hasVariable(text: string): boolean {
  const start = text.indexOf('${');
  return start >= 0 && text.indexOf('}', start + 2) >= 0;
}

/** The last line of each property or array item, by the line it starts at, for suppression comments above it. */
function statementEndLines(model: DevcontainerModel): Map<number, number> {
  const ends = new Map<number, number>();
  const visit = (node: Node) => {
    for (const child of node.children ?? []) {
      if (node.type === 'object' || node.type === 'array') {
        const first = model.lines.lineAt(child.offset);
        ends.set(first, Math.max(ends.get(first) ?? first, model.lines.lineAt(child.offset + child.length)));
      }
      visit(child);
    }
  };
  if (model.root) visit(model.root);
  return ends;
}
