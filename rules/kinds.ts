import type { FileKind } from './types';
import { POSIX_SHELLS } from './model/shell-syntax';
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
/** Shell scripts and Makefiles, whose `docker run` lines are read. */
const SCRIPT_NAME = /^(?:[^/]+\.(?:sh|bash)|GNUmakefile|[Mm]akefile|[^/]+\.mk)$/;
/** GitLab CI's pipeline and a GitHub composite action; GitHub workflows are known by their folder. */
const CI_NAME = /^(?:\.gitlab-ci|action)\.ya?ml$/;
const YAML_NAME = /^[^/]+\.ya?ml$/;

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

/** The path without its last segment, without query or fragment. */
function parentPath(uriOrPath: string): string {
  const withoutQuery = cutAtFirstOf(uriOrPath, '?#');
  const cut = Math.max(withoutQuery.lastIndexOf('/'), withoutQuery.lastIndexOf('\\'));
  return cut < 0 ? '' : withoutQuery.slice(0, cut);
}

/**
 * Recognises a file kind by name first (a compose file opened as plain `yaml` is still compose), then
 * by language id, then, for a name without an extension, by the first line of `text` (a shebang).
 */
export function detectKind(uriOrPath: string, languageId?: string, text?: string): FileKind | undefined {
  const folder = parentPath(uriOrPath);
  const name = baseName(uriOrPath);
  const byName = kindOfName(name, baseName(folder), baseName(parentPath(folder))) ?? kindOfLanguage(languageId);
  return byName ?? (text !== undefined && mayHaveShebang(name) ? kindOfShebang(text) : undefined);
}

/**
 * Recognises a file kind from its name, the name of its folder and of the folder above (a systemd
 * drop-in is any `.conf` file in a `<unit>.service.d` or `<unit>.socket.d` folder; a GitHub
 * workflow any YAML file in `.github/workflows`).
 */
export function kindOfName(name: string, folder = '', grandparent = ''): FileKind | undefined {
  if (DOCKERFILE_NAME.test(name)) return 'dockerfile';
  if (COMPOSE_NAME.test(name)) return 'compose';
  if (DAEMON_NAME.test(name)) return 'daemon';
  if (UNIT_NAME.test(name) || (DROP_IN_NAME.test(name) && DROP_IN_FOLDER.test(folder))) return 'systemd';
  if (DEVCONTAINER_NAME.test(name)) return 'devcontainer';
  if (SCRIPT_NAME.test(name)) return 'shell';
  if (CI_NAME.test(name) || (YAML_NAME.test(name) && folder === 'workflows' && grandparent === '.github')) return 'ci';
  return undefined;
}

/**
 * Whether a file's name says nothing of its kind, so that its first line may (a script named
 * `build` or `entrypoint`): no extension, not a dotfile.
 */
export function mayHaveShebang(name: string): boolean {
  return !name.includes('.');
}

/** A script run by a POSIX shell, from its first line (the text's start): `#!/bin/sh`, `#!/bin/bash`, `#!/usr/bin/env bash`, zsh, dash, ksh... */
export function kindOfShebang(text: string): FileKind | undefined {
  const shebang = /^#![ \t]*(\S+)(?:[ \t]+(?:-S[ \t]+)?(\S+))?/.exec(text.slice(0, 256));
  if (!shebang) return undefined;
  const program = (shebang[1].endsWith('/env') ? shebang[2] ?? '' : shebang[1]).replace(/^.*\//, '');
  return POSIX_SHELLS.has(program) ? 'shell' : undefined;
}

function kindOfLanguage(languageId: string | undefined): FileKind | undefined {
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'dockercompose') return 'compose';
  if (languageId === 'shellscript' || languageId === 'makefile') return 'shell';
  return undefined;
}
