import { isSecretFileName } from '../secrets/files';
import type { Range } from '../types';
import { encodeName, folderOf, type WorkspaceView } from '../workspace';
import { servicesBuilding } from './build';
import { readDockerignore, type Dockerignore } from './dockerignore';

/** The folder a build sends to the builder, and who says so. */
export interface BuildContext {
  /** Ending with `/`. */
  folder: string;
  /** The Compose service whose `build` sets this context; absent for the Dockerfile's own folder. */
  service?: { name: string; composeUri: string; buildRange: Range };
}

/**
 * The build contexts of a Dockerfile: those of the Compose services that build it, else the
 * Dockerfile's own folder, as `docker build .` beside it would send.
 */
export function buildContextsOf(dockerfileUri: string, workspace: WorkspaceView): BuildContext[] {
  const contexts = new Map<string, BuildContext>();
  for (const { composeUri, service, build } of servicesBuilding(dockerfileUri, workspace)) {
    if (!build.contextFolder || contexts.has(build.contextFolder)) continue;
    contexts.set(build.contextFolder, { folder: build.contextFolder, service: { name: service.name, composeUri, buildRange: build.buildRange } });
  }
  return contexts.size > 0 ? [...contexts.values()] : [{ folder: folderOf(dockerfileUri) }];
}

/** A walk stops after this many files and folders: a context that large is read in part, and says so. */
export const MAX_CONTEXT_ENTRIES = 20_000;

/** The secret-like files a build context sends to the builder. */
export interface ContextSecrets {
  context: BuildContext;
  /** The ignore file in force, if any. */
  dockerignore?: Dockerignore;
  /** Paths relative to the context root, `/`-separated, nearest the root first: the files `.dockerignore` leaves in. */
  files: string[];
  /** True when the walk stopped at MAX_CONTEXT_ENTRIES before seeing the whole context. */
  truncated: boolean;
}

/**
 * Walks a build context breadth first (so the files nearest the root are seen before a large
 * dependency tree), skipping what `.dockerignore` excludes, and keeps the secret-like files.
 * An excluded folder is not entered unless an exception could bring something in it back.
 */
export function contextSecrets(context: BuildContext, dockerfileUri: string, workspace: WorkspaceView, limit = MAX_CONTEXT_ENTRIES): ContextSecrets {
  const dockerignore = readDockerignore(workspace, context.folder, dockerfileUri);
  const files: string[] = [];
  let seen = 0;
  let queue = [''];
  while (queue.length > 0) {
    const next: string[] = [];
    for (const relative of queue) {
      const entries = workspace.listDirectory(`${context.folder}${relative.split('/').map((name) => encodeName(context.folder, name)).join('/')}`);
      for (const entry of entries ?? []) {
        if (++seen > limit) return { context, dockerignore, files, truncated: true };
        const path = `${relative}${entry.name}`;
        const excluded = dockerignore?.excludes(path) ?? false;
        if (entry.isDirectory) {
          if (!excluded || dockerignore?.hasExceptions) next.push(`${path}/`);
        } else if (!excluded && isSecretFileName(path)) {
          files.push(path);
        }
      }
    }
    queue = next;
  }
  return { context, dockerignore, files, truncated: false };
}
