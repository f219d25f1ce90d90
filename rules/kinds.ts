import type { FileKind } from './types';

const DOCKERFILE_NAME = /^(?:(?:Dockerfile|Containerfile)(?:\..+)?|.+\.(?:Dockerfile|dockerfile|Containerfile|containerfile))$/;
const COMPOSE_NAME = /^(?:docker-)?compose(?:\.[^/]+)?\.ya?ml$/;
const DAEMON_NAME = /^daemon\.json$/;

/** The last path segment of a URI or a path (either separator), without query or fragment. */
export function baseName(uriOrPath: string): string {
  const withoutQuery = uriOrPath.replace(/[?#].*$/, '');
  const segment = withoutQuery.slice(Math.max(withoutQuery.lastIndexOf('/'), withoutQuery.lastIndexOf('\\')) + 1);
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Recognises a file kind by name first (a compose file opened as plain `yaml` is still compose), then by language id. */
export function detectKind(uriOrPath: string, languageId?: string): FileKind | undefined {
  const name = baseName(uriOrPath);
  if (DOCKERFILE_NAME.test(name)) return 'dockerfile';
  if (COMPOSE_NAME.test(name)) return 'compose';
  if (DAEMON_NAME.test(name)) return 'daemon';
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'dockercompose') return 'compose';
  return undefined;
}
