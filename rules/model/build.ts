import { isMap } from 'yaml';
import type { Range } from '../types';
import { folderOf, resolveLocation, type WorkspaceView } from '../workspace';
import { entriesOf, resolvedText, serviceEntry, type ComposeModel, type ComposeService } from './compose';
import { parseDockerfile, type DockerfileModel, type DockerfileStage } from './dockerfile';

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

/**
 * Reads and parses the Dockerfile a service's `build:` names (string or long syntax: `context`,
 * `dockerfile`, `dockerfile_inline`, `target`). Undefined when the service builds nothing, or the
 * Dockerfile cannot be read: a rule then has nothing to say about it.
 */
export function builtDockerfile(model: ComposeModel, service: ComposeService, documentUri: string, workspace: WorkspaceView | undefined, cache: Map<string, DockerfileModel | undefined>): BuiltDockerfile | undefined {
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

  let location: string | undefined;
  let dockerfileModel: DockerfileModel | undefined;
  if (inline !== undefined) {
    dockerfileModel = parseDockerfile(inline);
  } else {
    if (context === '' || REMOTE_CONTEXT.test(context) || !workspace) return undefined;
    const contextFolder = resolveLocation(folderOf(documentUri), context.endsWith('/') ? context : `${context}/`);
    location = resolveLocation(contextFolder, dockerfile);
    if (!cache.has(location)) {
      const text = workspace.readFile(location);
      cache.set(location, text === undefined ? undefined : parseDockerfile(text.startsWith('\uFEFF') ? text.slice(1) : text));
    }
    dockerfileModel = cache.get(location);
  }
  if (!dockerfileModel) return undefined;
  const stage = target === undefined ? dockerfileModel.stages[dockerfileModel.stages.length - 1] : dockerfileModel.stages.find((s) => s.name === target.toLowerCase());
  if (!stage) return undefined;
  return { location, model: dockerfileModel, stage, buildRange: entry.keyRange };
}
