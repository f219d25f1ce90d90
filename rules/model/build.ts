import { isMap } from 'yaml';
import type { Range } from '../types';
import { detectKind } from '../kinds';
import { encodeName, folderOf, parentFolder, resolveLocation, type WorkspaceView } from '../workspace';
import { entriesOf, parseCompose, resolvedText, serviceEntry, type ComposeModel, type ComposeService } from './compose';
import { parseDockerfile, type DockerfileModel, type DockerfileStage } from './dockerfile';
import { parseDockerfileAt } from './dockerfile-models';

/** The Dockerfile a Compose service builds, read through the workspace. */
export interface BuiltDockerfile {
  /** The Dockerfile's location; undefined for `dockerfile_inline`. */
  location?: string;
  model: DockerfileModel;
  /** The stage the build produces: `build.target`, else the last stage. */
  stage: DockerfileStage;
  /** Where the service names its build, for related information. */
  buildRange: Range;
}

/** A remote build context (a Git repository or a tarball URL) cannot be read from the workspace. */
const REMOTE_CONTEXT = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

/** What a service's `build:` says, with its paths resolved against the Compose file. */
export interface ServiceBuild {
  /** The context folder (ending with `/`); undefined for a remote context or an empty one. */
  contextFolder?: string;
  /** The Dockerfile's location; undefined without a context folder, or with `dockerfile_inline`. */
  dockerfile?: string;
  inline?: string;
  target?: string;
  /** The `build` key, for related information. */
  buildRange: Range;
}

/**
 * Reads a service's `build:` (string or long syntax: `context`, `dockerfile`, `dockerfile_inline`,
 * `target`). Undefined when the service builds nothing, or its build is not a string or a mapping.
 */
export function serviceBuild(model: ComposeModel, service: ComposeService, documentUri: string): ServiceBuild | undefined {
  const entry = serviceEntry(model, service, 'build');
  if (!entry || entry === 'unknown' || !entry.value) return undefined;
  const build = entry.value;
  let context = '.';
  let dockerfile = 'Dockerfile';
  let inline: string | undefined;
  let target: string | undefined;
  if (!isMap(build.node)) {
    context = resolvedText(model, build) ?? '';
  } else {
    const keys = entriesOf(build);
    const text = (key: string) => resolvedText(model, keys.get(key)?.value);
    context = text('context') ?? '.';
    dockerfile = text('dockerfile') ?? dockerfile;
    inline = text('dockerfile_inline');
    target = text('target');
  }
  const result: ServiceBuild = { inline, target, buildRange: entry.keyRange };
  if (context !== '' && !REMOTE_CONTEXT.test(context)) {
    result.contextFolder = resolveLocation(folderOf(documentUri), context.endsWith('/') ? context : `${context}/`);
    if (inline === undefined) result.dockerfile = resolveLocation(result.contextFolder, dockerfile);
  }
  return result;
}

/**
 * Reads and parses the Dockerfile a service builds. Undefined when the service builds nothing, or
 * the Dockerfile cannot be read: a rule then has nothing to say about it.
 */
export function builtDockerfile(model: ComposeModel, service: ComposeService, documentUri: string, workspace: WorkspaceView | undefined, cache: Map<string, DockerfileModel | undefined>): BuiltDockerfile | undefined {
  const build = serviceBuild(model, service, documentUri);
  if (!build) return undefined;
  const location = build.dockerfile;
  let dockerfileModel: DockerfileModel | undefined;
  if (build.inline !== undefined) {
    dockerfileModel = parseDockerfile(build.inline);
  } else {
    if (!location || !workspace) return undefined;
    if (!cache.has(location)) {
      const text = workspace.readFile(location);
      cache.set(location, text === undefined ? undefined : parseDockerfileAt(location, text.startsWith('\uFEFF') ? text.slice(1) : text, model.project.dockerfileModels));
    }
    dockerfileModel = cache.get(location);
  }
  if (!dockerfileModel) return undefined;
  const target = build.target;
  const stage = target === undefined ? dockerfileModel.stages[dockerfileModel.stages.length - 1] : dockerfileModel.stages.find((s) => s.name === target.toLowerCase());
  if (!stage) return undefined;
  return { location, model: dockerfileModel, stage, buildRange: build.buildRange };
}

/** A Compose service that builds a given Dockerfile. */
export interface BuildingService {
  composeUri: string;
  model: ComposeModel;
  service: ComposeService;
  build: ServiceBuild;
}

const BUILDS_OR_EXTENDS = /\b(?:build|extends)\b/;

/** Compose files read at most per lookup: a folder of generated Compose files must not stall a keystroke. */
const MAX_COMPOSE_FILES = 64;

/**
 * The Compose services that build the Dockerfile at `dockerfileUri`: those of every Compose file in
 * its folder and in the folders above it, as far up as the workspace lets the engine list (a
 * language server's workspace folder, the folders a CLI run was given).
 */
export function servicesBuilding(dockerfileUri: string, workspace: WorkspaceView): BuildingService[] {
  const found: BuildingService[] = [];
  const target = decoded(dockerfileUri);
  let parsed = 0;
  for (let folder: string | undefined = folderOf(dockerfileUri); folder !== undefined; folder = parentFolder(folder)) {
    const entries = workspace.listDirectory(folder);
    if (!entries) break;
    for (const entry of entries) {
      if (entry.isDirectory || detectKind(entry.name) !== 'compose' || ++parsed > MAX_COMPOSE_FILES) continue;
      const composeUri = `${folder}${encodeName(folder, entry.name)}`;
      const text = workspace.readFile(composeUri);
      // Only a `build:` (or one an `extends` brings) builds anything: spare the parse of the others.
      if (text === undefined || !BUILDS_OR_EXTENDS.test(text)) continue;
      const model = parseCompose(text.replace(/^\uFEFF/, ''), { uri: composeUri, workspace });
      for (const service of model.services) {
        const build = serviceBuild(model, service, composeUri);
        if (build?.dockerfile && decoded(build.dockerfile) === target) found.push({ composeUri, model, service, build });
      }
    }
  }
  return found;
}

function decoded(location: string): string {
  try {
    return decodeURIComponent(location);
  } catch {
    return location;
  }
}
