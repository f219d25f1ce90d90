import type { FileChange } from '../types';
import { folderOf, resolveLocation, type WorkspaceView } from '../workspace';
import { ensureLineChange } from './edits';

/**
 * Where the secret moves keep the values they take out of a committed file: in `secrets/` beside
 * that file, a folder the `.gitignore` beside it keeps out of Git. Nothing a fix removes is lost:
 * the value is written there first, under a name the fix's title gives, and a file that exists is
 * never overwritten (one holding the very same text is shared instead: identical values share one
 * secret).
 */

export const SECRETS_FOLDER = 'secrets';

/** The line a `.gitignore` needs to keep the secrets folder out of Git. */
const IGNORE_LINE = `${SECRETS_FOLDER}/`;

/** A secret id as Compose and BuildKit accept it, derived from the variable's name. */
export function secretIdFor(name: string, taken: (id: string) => boolean): string {
  const base = name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_').replace(/^[_.-]+/, '') || 'secret';
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}_${n}`;
  return id;
}

/**
 * The files chosen by the other findings of one lint, by their name in the secrets folder, with
 * their text: fixes applied together then share a file for one value and never choose one name
 * for two.
 */
export type ReservedFiles = Map<string, string>;

/** A value kept in a file of the secrets folder. */
export interface KeptValue {
  /** The file's name without its extension: the secret's id. */
  id: string;
  /** Its path from the document's folder, as the fix's title and a Compose file name it: `secrets/<id>.<ext>`. */
  path: string;
  /** The file created (none when one holding the same text is there) and the `.gitignore` line. */
  changes: FileChange[];
}

/**
 * Keeps `text` in `secrets/<id>.<extension>` beside `documentUri`, `id` derived from `name`: a
 * file of the folder that already holds `text` (whatever its name) is shared; otherwise the first
 * free name, `taken` excluding the ids the document already uses for something else.
 */
export function keepValue(documentUri: string, workspace: WorkspaceView, name: string, text: string, extension: string, reserved: ReservedFiles, taken: (id: string) => boolean = () => false): KeptValue {
  const folder = resolveLocation(folderOf(documentUri), `${SECRETS_FOLDER}/`);
  const contentOf = (fileName: string) => reserved.get(fileName) ?? workspace.readFile(resolveLocation(folder, fileName));
  const suffix = `.${extension}`;
  const holding = [...reserved.keys(), ...(workspace.listDirectory(folder) ?? []).filter((entry) => !entry.isDirectory).map((entry) => entry.name)]
    .filter((fileName) => fileName.endsWith(suffix))
    .sort()
    .find((fileName) => contentOf(fileName) === text);
  const id = holding ? holding.slice(0, -suffix.length) : secretIdFor(name, (candidate) => taken(candidate) || contentOf(`${candidate}${suffix}`) !== undefined);
  const fileName = `${id}${suffix}`;
  const uri = resolveLocation(folder, fileName);
  const creates = contentOf(fileName) === undefined || (reserved.has(fileName) && workspace.readFile(uri) === undefined);
  reserved.set(fileName, text);
  const changes: FileChange[] = creates ? [{ kind: 'create', uri, text, secret: true }] : [];
  const ignore = ensureLineChange(resolveLocation(folderOf(documentUri), '.gitignore'), workspace.readFile(resolveLocation(folderOf(documentUri), '.gitignore')), IGNORE_LINE);
  if (ignore) changes.push(ignore);
  return { id, path: `${SECRETS_FOLDER}/${fileName}`, changes };
}

/**
 * `NAME='value'` as Compose's `env_file` reads it: single quotes keep the value as it is (no
 * `${...}` interpolation, no `#` comment). Undefined for a value a single-quoted line cannot hold.
 */
export function composeEnvFileLine(name: string, value: string): string | undefined {
  return !ENV_FILE_NAME.test(name) || /['\r\n]/.test(value) ? undefined : `${name}='${value}'\n`;
}

/** A name an env file can hold: one that starts with `#`, holds `=` or white space would be read as another line. */
const ENV_FILE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `NAME=value` as `docker run --env-file` reads it: the rest of the line, quotes included, is the value. */
export function dockerEnvFileLine(name: string, value: string): string | undefined {
  return !ENV_FILE_NAME.test(name) || /[\r\n]/.test(value) || /^\s|\s$/.test(value) ? undefined : `${name}=${value}\n`;
}
