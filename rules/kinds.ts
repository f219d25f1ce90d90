import type { FileKind } from './types';
import { POSIX_SHELLS } from './model/shell-syntax';
import { cutAtFirstOf } from './text';

/**
 * The names each kind goes by. A name that ends in one of them after a `.`, `_` or `-` is one too
 * (`api_Dockerfile`, `prod-docker-compose.yml`, `backend.devcontainer.json`, `tools-Makefile`,
 * `acme__gitlab-ci-template.yml`): copies kept side by side are named so, and they are the same
 * files. `endsInName` tries each such ending with these anchored patterns (a pattern that looked
 * for the ending itself would backtrack over long names).
 */
const DOCKERFILE_NAME = /^(?:(?:Dockerfile|Containerfile)(?:\..+)?|.+\.(?:Dockerfile|dockerfile|Containerfile|containerfile))$/;
const PREFIXED_DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)$/;
const COMPOSE_NAME = /^(?:docker-)?compose(?:\.[^/]+|(?:[_-][A-Za-z0-9]+){1,2})?\.ya?ml$/;
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
const SCRIPT_NAME = /^[^/]+\.(?:sh|bash|mk)$/;
const MAKEFILE_NAME = /^(?:GNUmakefile|[Mm]akefile)$/;
/** GitLab CI's pipeline (and its templates) and a GitHub composite action; GitHub workflows are known by their folder. */
const CI_NAME = /^(?:action|\.?gitlab-ci(?:[._-][^/]+)?)\.ya?ml$/;
const YAML_NAME = /^[^/]+\.ya?ml$/;
/** Names whose kind the start of the text may tell when the name does not: YAML and JSON files. */
const SNIFFED_NAME = /\.(?:ya?ml|jsonc?)$/i;
const NAME_SEPARATORS = '._-';

/** Whether `name`, or what follows one of its `.`, `_` or `-`, is a name `pattern` (anchored) accepts. */
function endsInName(name: string, pattern: RegExp): boolean {
  if (pattern.test(name)) return true;
  for (let i = 0; i < name.length - 1; i++) {
    if (NAME_SEPARATORS.includes(name[i]) && pattern.test(name.slice(i + 1))) return true;
  }
  return false;
}

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
  if (byName || text === undefined) return byName;
  if (mayHaveShebang(name)) return kindOfShebang(text);
  return mayTellByContent(name) ? kindOfContent(name, text.slice(0, CONTENT_SNIFF_CHARACTERS)) : undefined;
}

/**
 * Recognises a file kind from its name, the name of its folder and of the folder above (a systemd
 * drop-in is any `.conf` file in a `<unit>.service.d` or `<unit>.socket.d` folder; a GitHub
 * workflow any YAML file in `.github/workflows`).
 */
export function kindOfName(name: string, folder = '', grandparent = ''): FileKind | undefined {
  if (DOCKERFILE_NAME.test(name) || endsInName(name, PREFIXED_DOCKERFILE_NAME)) return 'dockerfile';
  if (YAML_NAME.test(name) && folder === 'workflows' && grandparent === '.github') return 'ci';
  if (endsInName(name, COMPOSE_NAME)) return 'compose';
  if (endsInName(name, DAEMON_NAME)) return 'daemon';
  if (UNIT_NAME.test(name) || (DROP_IN_NAME.test(name) && DROP_IN_FOLDER.test(folder))) return 'systemd';
  if (endsInName(name, DEVCONTAINER_NAME)) return 'devcontainer';
  if (SCRIPT_NAME.test(name) || isMakefileName(name)) return 'shell';
  if (endsInName(name, CI_NAME)) return 'ci';
  return undefined;
}

/** `Makefile`, `GNUmakefile`, `makefile`, `*.mk` (and a name ending in one of the first three after `.`, `_` or `-`). */
export function isMakefileName(name: string): boolean {
  return /\.mk$/.test(name) || endsInName(name, MAKEFILE_NAME);
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

/** The start of a file its kind is told from when its name does not tell it. */
export const CONTENT_SNIFF_CHARACTERS = 16 * 1024;

/** Whether the start of a file may tell its kind, its name not having told it: a YAML or JSON file. */
export function mayTellByContent(name: string): boolean {
  return SNIFFED_NAME.test(name);
}

/** Top-level keys of a YAML text, from its start: the keys written at the first column. */
const YAML_TOP_KEY = /^(?:"([^"\n]+)"|'([^'\n]+)'|([A-Za-z_][\w.-]*))[ \t]*:/gm;
/** Keys no other JSON file pairs with an image or a build: the Dev Containers specification's own. */
const DEVCONTAINER_KEYS = /"(?:customizations|features|remoteUser|containerUser|runArgs|forwardPorts|appPort|postCreateCommand|postStartCommand|postAttachCommand|onCreateCommand|updateContentCommand|initializeCommand|workspaceFolder|workspaceMount|containerEnv|remoteEnv|capAdd|securityOpt|overrideCommand|shutdownAction|updateRemoteUserUID|hostRequirements|portsAttributes)"\s*:/g;
const DEVCONTAINER_CONTAINER = /"(?:image|build|dockerFile|dockerfile|dockerComposeFile)"\s*:/;

/**
 * The kind of a YAML or JSON file whose name says nothing, from the start of its text: a GitHub
 * workflow (`on:` and `jobs:`), a composite action (`runs:` using `composite`), a GitLab CI file
 * (jobs with `script:`), a dev container (an image or build with the specification's own keys).
 * A Compose file is known by its name only: many YAML files hold a `services:` mapping with images
 * (Helm values, deployment tools), and reading one as Compose would report keys it never had.
 */
export function kindOfContent(name: string, start: string): FileKind | undefined {
  if (/\.jsonc?$/i.test(name)) {
    const keys = new Set([...start.matchAll(DEVCONTAINER_KEYS)].map((match) => match[0]));
    return keys.size >= 2 && DEVCONTAINER_CONTAINER.test(start) ? 'devcontainer' : undefined;
  }
  const top = new Set([...start.matchAll(YAML_TOP_KEY)].map((match) => match[1] ?? match[2] ?? match[3]));
  if (top.has('jobs') && top.has('on')) return 'ci';
  if (top.has('runs') && /^[ \t]+using[ \t]*:[ \t]*["']?composite\b/m.test(start)) return 'ci';
  if (!top.has('jobs') && /^[ \t]+(?:script|before_script|after_script)[ \t]*:/m.test(start)) return 'ci';
  return undefined;
}

function kindOfLanguage(languageId: string | undefined): FileKind | undefined {
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'dockercompose') return 'compose';
  if (languageId === 'shellscript' || languageId === 'makefile') return 'shell';
  return undefined;
}
