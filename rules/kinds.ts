import type { FileKind } from './types';
import { cutAtFirstOf } from './text';

const DOCKERFILE_NAME = /^(?:(?:Dockerfile|Containerfile)(?:\..+)?|.+\.(?:Dockerfile|dockerfile|Containerfile|containerfile))$/;
const COMPOSE_NAME = /^(?:docker-)?compose(?:\.[^/]+)?\.ya?ml$/;
const DAEMON_NAME = /^daemon\.json$/;
/** A systemd service or socket unit (`docker.service`, `docker.socket`), or a drop-in of one (`docker.service.d/override.conf`). */
const UNIT_NAME = /^[^/]+\.(?:service|socket)$/;
const DROP_IN_FOLDER = /^[^/]+\.(?:service|socket)\.d$/;
const DROP_IN_NAME = /^[^/]+\.conf$/;
/**
 * A dev container: `.devcontainer.json`, or `devcontainer.json` in `.devcontainer/` or a folder of it.
 * Tools open one anywhere they are pointed to (`devcontainer up --config <path>`), and the name is
 * the specification's own: it is recognised in any folder.
 */
const DEVCONTAINER_NAME = /^\.?devcontainer\.json$/;

/** The last path segment of a URI or a path (either separator), without query or fragment. */
export function baseName(uriOrPath: string): string {
  const withoutQuery = cutAtFirstOf(uriOrPath, '?#');
  const segment = withoutQuery.slice(Math.max(withoutQuery.lastIndexOf('/'), withoutQuery.lastIndexOf('\\')) + 1);
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The second-to-last path segment: the folder a file is in. */
function folderName(uriOrPath: string): string {
  const withoutQuery = cutAtFirstOf(uriOrPath, '?#');
  const cut = Math.max(withoutQuery.lastIndexOf('/'), withoutQuery.lastIndexOf('\\'));
  return cut < 0 ? '' : baseName(withoutQuery.slice(0, cut));
}

/** Recognises a file kind by name first (a compose file opened as plain `yaml` is still compose), then by language id. */
export function detectKind(uriOrPath: string, languageId?: string): FileKind | undefined {
  return kindOfName(baseName(uriOrPath), folderName(uriOrPath)) ?? kindOfLanguage(languageId);
}

/**
 * Recognises a file kind from its name and the name of its folder (a systemd drop-in is any
 * `.conf` file in a `<unit>.service.d` or `<unit>.socket.d` folder).
 */
export function kindOfName(name: string, folder = ''): FileKind | undefined {
  if (DOCKERFILE_NAME.test(name)) return 'dockerfile';
  if (COMPOSE_NAME.test(name)) return 'compose';
  if (DAEMON_NAME.test(name)) return 'daemon';
  if (UNIT_NAME.test(name) || (DROP_IN_NAME.test(name) && DROP_IN_FOLDER.test(folder))) return 'systemd';
  if (DEVCONTAINER_NAME.test(name)) return 'devcontainer';
  return undefined;
}

function kindOfLanguage(languageId: string | undefined): FileKind | undefined {
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'dockercompose') return 'compose';
  return undefined;
}
