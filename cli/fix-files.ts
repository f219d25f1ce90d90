import { lstatSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { structuredPatch } from 'diff';
import { describeFsError, isUnderRoots, MAX_BYTES_READ, readRegularFile, realPathOf, writeFileWithinRoots } from '../disk/workspace';
import { redactSecretsInLine, type FileChange, type WorkspaceView } from '../rules';
import { applyEdits } from '../rules/fixes/edits';
import { LineIndex } from '../rules/text';

const BYTE_ORDER_MARK = '\uFEFF';

interface PendingFile {
  /** The file's content on the disk, byte-order mark included; undefined for a file a fix creates. */
  original: string | undefined;
  bom: string;
  /** The content as the fixes left it, without the byte-order mark. */
  text: string;
  /** A secret file a fix creates: readable by its owner alone. */
  secret: boolean;
}

/** The permissions of a secret file a fix creates. */
const SECRET_FILE_MODE = 0o600;

/** A file the fixes change, as the report names it. */
export interface ChangedFile {
  path: string;
  action: 'created' | 'edited';
}

/** A file the fixes meant to change that was not written, and why. */
export interface UnwrittenFile {
  path: string;
  reason: string;
}

/**
 * The files fixes change, held in memory until every fix is known: then written (--fix), or shown
 * as a diff (--diff). The engine reads them through `workspace`, so a later pass or file sees what
 * an earlier fix did. A file a fix would create that exists already is left alone: nothing is ever
 * overwritten.
 */
export class PendingChanges {
  private readonly files = new Map<string, PendingFile>();
  /** The values the secret files fixes create hold: a diff never shows a line holding one. */
  private readonly secrets = new Set<string>();
  /** The secret files fixes create, by path. */
  private readonly secretFiles = new Set<string>();

  /**
   * `disk` reads the files around; `roots` are the real paths of the scanned folders, the only ones
   * fixes may write in.
   */
  constructor(
    private readonly disk: WorkspaceView,
    readonly roots: readonly string[],
  ) {}

  /** The engine's view of the files: pending texts first, then the disk. */
  readonly workspace: WorkspaceView = {
    readFile: (location) => {
      const pending = this.files.get(pathOf(location));
      return pending ? pending.text : this.disk.readFile(location);
    },
    // With the files fixes create, so that a later fix finds a secret file an earlier one made.
    listDirectory: (location) => {
      const listed = this.disk.listDirectory(location);
      const folder = pathOf(location.endsWith('/') ? location : `${location}/`);
      const created = [...this.files.entries()].filter(([path, file]) => file.original === undefined && dirname(path) === folder.replace(/[\\/]$/, ''));
      if (created.length === 0) return listed;
      const names = new Set(listed?.map((entry) => entry.name));
      return [...(listed ?? []), ...created.map(([path]) => ({ name: basename(path), isDirectory: false })).filter((entry) => !names.has(entry.name))];
    },
  };

  /** Whether a file exists, on the disk (a dangling link too: nothing may be written there) or among the ones fixes create. */
  exists(uri: string): boolean {
    const path = pathOf(uri);
    try {
      return this.files.has(path) || lstatSync(path, { throwIfNoEntry: false }) !== undefined;
    } catch {
      // Not a path to a file at all (a part of it is a file): no file there, and `refusal` says why none can be made.
      return false;
    }
  }

  /**
   * Why fixes may not change a file: it lies outside the scanned folders (`build.context:
   * ../elsewhere`, a link out of them), or is a link, which is never written through. Undefined
   * when they may.
   */
  refusal(uri: string): string | undefined {
    const path = pathOf(uri);
    try {
      if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) return 'is a symbolic link, which Bulwark does not write through';
      return isUnderRoots(realPathOf(path), this.roots) ? undefined : 'lies outside the scanned folders';
    } catch (error) {
      return describeFsError(error);
    }
  }

  /** The pending text of a file, without its byte-order mark, if a fix changed it. */
  pendingText(path: string): { text: string; bom: string } | undefined {
    return this.files.get(path);
  }

  /** A linted file's new text; `original` is what was read from the disk. */
  setText(path: string, original: string, bom: string, text: string): void {
    const pending = this.files.get(path);
    this.files.set(path, { original: pending ? pending.original : original, bom, text, secret: pending?.secret ?? false });
  }

  /** Applies a fix's changes to other files. */
  apply(changes: readonly FileChange[]): void {
    for (const change of changes) {
      const path = pathOf(change.uri);
      if (change.kind === 'create') {
        if (!this.exists(change.uri)) this.files.set(path, { original: undefined, bom: '', text: change.text, secret: change.secret === true });
        if (change.secret) {
          this.secretFiles.add(path);
          for (const value of secretValues(change.text)) this.secrets.add(value);
        }
        continue;
      }
      const pending = this.files.get(path);
      const original = pending ? pending.original : readRegularFile(path, MAX_BYTES_READ, this.roots);
      const bom = pending ? pending.bom : original!.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK : '';
      const text = pending ? pending.text : original!.slice(bom.length);
      this.files.set(path, { original, bom, text: applyEdits(text, new LineIndex(text), change.edits), secret: pending?.secret ?? false });
    }
  }

  /** Every file the fixes change, in the order they first changed them. */
  changed(): Array<{ path: string; action: ChangedFile['action'] }> {
    return [...this.files.entries()].filter(([, file]) => file.original !== file.bom + file.text).map(([path, file]) => ({ path, action: file.original === undefined ? 'created' : 'edited' }));
  }

  /**
   * Writes every changed file through the disk layer: the created files (the moved secrets) first,
   * and the edited ones only when every created one was written, so a secret is never removed from
   * a file before it is saved elsewhere. Returns the files not written.
   */
  writeAll(display: (path: string) => string): UnwrittenFile[] {
    const unwritten: UnwrittenFile[] = [];
    const write = (path: string, text: string, options: { create: boolean; mode?: number }) => {
      try {
        writeFileWithinRoots(path, text, this.roots, options);
      } catch (error) {
        unwritten.push({ path: display(path), reason: describeFsError(error) });
      }
    };
    const entries = [...this.files];
    for (const [path, file] of entries) {
      if (file.original === undefined) write(path, file.text, { create: true, mode: file.secret ? SECRET_FILE_MODE : undefined });
    }
    for (const [path, file] of entries) {
      if (file.original === undefined) continue;
      if (unwritten.length > 0) unwritten.push({ path: display(path), reason: 'not edited: a file its fixes create could not be written' });
      else write(path, file.bom + file.text, { create: false });
    }
    return unwritten;
  }

  /**
   * A unified diff of every changed file, paths named by `display`, that `git apply` (or `patch`)
   * accepts, and that shows no secret: a hunk whose lines would show one (a value moved, or what the
   * secret detector finds) and a secret file a fix creates are left out of the patch, which says so
   * in the lines above it, lines `git apply` passes over. Redacting them instead would print a patch
   * that no longer applies.
   */
  diff(display: (path: string) => string): string {
    // A value of several lines (a private key) is looked for line by line: a hunk may hold a part of it.
    const secrets = [...this.secrets].flatMap((secret) => (secret.includes('\n') ? secret.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length >= 8) : [secret]));
    const showsSecret = (line: string) => secrets.some((secret) => line.includes(secret)) || redactSecretsInLine(line) !== line;
    const leftOut: string[] = [];
    let patch = '';
    for (const [path, file] of this.files) {
      const name = display(path);
      if (file.original === undefined && this.secretFiles.has(path)) {
        leftOut.push(`the new file ${name}, which holds a secret`);
        continue;
      }
      const { hunks } = structuredPatch(`a/${name}`, `b/${name}`, file.original ?? '', file.bom + file.text, undefined, undefined, { context: 3 });
      let shift = 0;
      let kept = '';
      let dropped = 0;
      for (const hunk of hunks) {
        if (hunk.lines.some((line) => showsSecret(line.slice(1)))) {
          dropped++;
          shift -= hunk.newLines - hunk.oldLines;
          continue;
        }
        // As `diff -u` writes a range: an empty one names the line before it.
        const range = (start: number, count: number) => `${count === 0 ? start - 1 : start}${count === 1 ? '' : `,${count}`}`;
        kept += `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart + shift, hunk.newLines)} @@\n${hunk.lines.join('\n')}\n`;
      }
      if (dropped > 0) leftOut.push(`${dropped} change${dropped === 1 ? '' : 's'} to ${name}, which would show a secret`);
      if (kept !== '') patch += `--- ${file.original === undefined ? '/dev/null' : `a/${name}`}\n+++ b/${name}\n${kept}`;
    }
    if (leftOut.length === 0) return patch;
    const note = ['Left out of this patch, so that it shows no secret (bulwark scan --fix --unsafe-fixes makes them):', ...leftOut.map((item) => `  ${item}`)];
    return `${note.map((line) => `# ${line}`).join('\n')}\n${patch}`;
  }
}

/** What a secret file holds: its text, and the value of each `NAME=value` line of an env file, unquoted. */
function secretValues(text: string): string[] {
  const values = [text, ...text.split('\n').map((line) => /^[A-Za-z_][A-Za-z0-9_.-]*=(['"]?)(.*)\1$/.exec(line)?.[2])];
  return values.filter((value): value is string => value !== undefined && value.trim() !== '');
}

function pathOf(uri: string): string {
  return fileURLToPath(uri);
}
