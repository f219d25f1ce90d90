import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { CancellationToken, Diagnostic } from 'vscode-languageserver/node';
import { globComplexityProblem } from '../rules';
import { describeFsError, DiskRefusal, kindOfFileOnDisk, MAX_BYTES_READ, readFileFromDisk, readRegularFile, realRoots, SKIPPED_FOLDERS } from '../disk/workspace';

/** A .gitignore is read up to this many bytes; past it, it ignores nothing. */
const MAX_GITIGNORE_BYTES = 64 * 1024;
import type { DocumentLinter } from './linter';

/** The request the client sends for "Bulwark: Scan Workspace", and the progress notification of the scan. */
export const SCAN_WORKSPACE_REQUEST = 'bulwark/scanWorkspace';
export const SCAN_PROGRESS_NOTIFICATION = 'bulwark/scanProgress';

export interface ScanWorkspaceParams {
  /** The editor's `files.exclude` globs that are on, relative to each workspace folder. */
  exclude?: string[];
}

export interface ScanProgress {
  /** Files linted so far. */
  scanned: number;
  /** The file being linted, relative to its workspace folder. */
  current?: string;
}

export interface ScanSummary {
  files: number;
  findings: { error: number; warning: number; info: number };
  durationMs: number;
  cancelled: boolean;
  /** Files and folders that could not be read: how many, and the first ones with why. */
  unreadable: { count: number; first: Array<{ uri: string; reason: string }> };
}

/** Unreadable files and folders named in a scan's summary at most. */
const UNREADABLE_NAMED = 20;

/** Give the connection a turn this often, so requests (hovers, edits) are answered during a scan. */
const YIELD_EVERY_MS = 15;

interface GitignoreScope {
  /** The folder holding the `.gitignore`, absolute. */
  folder: string;
  rules: Ignore;
}

/** What a scan read of a file: its text, or only its size when it was too large to read. */
type ScannedFile = { text: string } | { bytes: number };

/**
 * Lints every Dockerfile, Compose file, devcontainer.json and daemon.json of the workspace folders that is not open
 * in the editor, off the request path: the walk is asynchronous and yields between files, so the
 * server keeps answering, and it stops at once when the request is cancelled. Files excluded by the
 * editor's `files.exclude`, by `.gitignore` files or by the configuration's `ignore` are skipped.
 * A scan replaces the results of the previous one: files it no longer finds lose their diagnostics.
 *
 * The texts read are kept (the watcher reports their changes), so that a change of configuration
 * lints the scanned files again without reading the disk: the Problems panel always shows what
 * the configuration of now says. Files the configuration ignores are kept too, for the change
 * that stops ignoring them.
 */
export class WorkspaceScanner {
  /** The files found by the last scans that are not open, with what was read of them. */
  private readonly scanned = new Map<string, ScannedFile>();
  /** Bumped by every re-lint, so that an older one still running stops. */
  private relintGeneration = 0;

  constructor(
    private readonly linter: DocumentLinter,
    private readonly host: {
      workspaceFolders(): readonly string[];
      isOpen(uri: string): boolean;
      progress(progress: ScanProgress): void;
      /** The scan starts; the function returned is called when it ends. */
      started?(): () => void;
    },
  ) {}

  /** Whether `uri` was found by a scan. */
  has(uri: string): boolean {
    return this.scanned.has(uri);
  }

  /** How many files the scans found and keep. */
  get size(): number {
    return this.scanned.size;
  }

  /** A scanned file was deleted or renamed away: its diagnostics go. */
  forget(uri: string): void {
    if (this.scanned.delete(uri) && !this.host.isOpen(uri)) this.linter.clear(uri);
  }

  /** A scanned file has a new text (changed on the disk, or closed in the editor with this text): the one kept. */
  remember(uri: string, text: string): void {
    if (this.scanned.has(uri)) this.scanned.set(uri, { text });
  }

  /**
   * Lints again, with the configuration of now, the scanned files that are not open below `folder`
   * (every one without it): a project file or a setting changed. When only severities changed, the
   * files' findings are published again at their new severities, without a lint. Asynchronous and
   * yielding like the scan; a newer re-lint stops this one, which resolves with the number of files
   * it published.
   */
  async relint(folder?: string, { severitiesOnly = false } = {}): Promise<number> {
    const generation = ++this.relintGeneration;
    let linted = 0;
    let lastYield = Date.now();
    for (const [uri, file] of [...this.scanned]) {
      if (generation !== this.relintGeneration) break;
      if ((folder !== undefined && !uri.startsWith(folder)) || this.host.isOpen(uri) || this.scanned.get(uri) !== file) continue;
      if (!severitiesOnly || !this.linter.republishSeverities(uri)) this.lintScanned(uri, file);
      linted++;
      if (Date.now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = Date.now();
      }
    }
    return linted;
  }

  async scan(params: ScanWorkspaceParams, token: CancellationToken): Promise<ScanSummary> {
    const ended = this.host.started?.();
    try {
      return await this.scanFolders(params, token);
    } finally {
      ended?.();
    }
  }

  private async scanFolders(params: ScanWorkspaceParams, token: CancellationToken): Promise<ScanSummary> {
    const started = Date.now();
    const summary: ScanSummary = { files: 0, findings: { error: 0, warning: 0, info: 0 }, durationMs: 0, cancelled: false, unreadable: { count: 0, first: [] } };
    const unreadable = (location: string, error: unknown) => {
      if (summary.unreadable.count++ < UNREADABLE_NAMED) summary.unreadable.first.push({ uri: pathToFileURL(location).href, reason: describeFsError(error) });
    };
    const found = new Set<string>();
    const exclude = picomatch(params.exclude ?? [], { dot: true });
    let lastYield = Date.now();

    for (const root of localFolders(this.host.workspaceFolders())) {
      for await (const file of walk(root, exclude, token, unreadable)) {
        const uri = pathToFileURL(file).href;
        found.add(uri);
        if (!this.host.isOpen(uri)) {
          const read = readScanned(file, unreadable);
          if (read) {
            this.scanned.set(uri, read);
            const diagnostics = this.lintScanned(uri, read);
            if (diagnostics) {
              summary.files++;
              count(diagnostics, summary.findings);
            }
          } else this.forget(uri);
        }
        if (Date.now() - lastYield >= YIELD_EVERY_MS) {
          this.host.progress({ scanned: summary.files, current: path.relative(root, file).split(path.sep).join('/') });
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
        if (token.isCancellationRequested) break;
      }
      if (token.isCancellationRequested) break;
    }

    summary.cancelled = token.isCancellationRequested;
    // Only a complete scan knows which files are gone.
    if (!summary.cancelled) for (const uri of [...this.scanned.keys()]) if (!found.has(uri)) this.forget(uri);
    summary.durationMs = Date.now() - started;
    this.host.progress({ scanned: summary.files });
    return summary;
  }

  /** Lints and publishes a scanned file; its diagnostics, or undefined when it is not linted (ignored, disabled). */
  private lintScanned(uri: string, file: ScannedFile): Diagnostic[] | undefined {
    // Not even read: said from its size, as the CLI does.
    return 'bytes' in file ? this.linter.publishUnread(uri, file.bytes) : this.linter.lintFile({ uri, text: file.text });
  }
}

/** What a scan reads of a file; undefined when it is no file or could not be read. */
function readScanned(file: string, unreadable: (location: string, error: unknown) => void): ScannedFile | undefined {
  try {
    // Listed as a regular file, not a link: read within the bound whatever size it reports.
    return { text: readRegularFile(file, MAX_BYTES_READ, undefined).replace(/^\uFEFF/, '') };
  } catch (error) {
    // Not read to its end: said from its size, as the CLI does.
    if (error instanceof DiskRefusal && error.bytes !== undefined) return { bytes: error.bytes };
    if (error instanceof DiskRefusal) return undefined;
    // Removed since it was listed: nothing to show for it.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable(file, error);
    return undefined;
  }
}

/** The paths of the workspace folders on the disk. */
function localFolders(folderUris: readonly string[]): string[] {
  return folderUris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
}

/** Every file of the workspace folders Bulwark lints (Dockerfiles, Compose files, dev containers, daemon.json, units, scripts, CI files), as the scan finds them. */
export async function* workspaceFiles(folderUris: readonly string[], token: CancellationToken): AsyncGenerator<string> {
  for (const root of localFolders(folderUris)) yield* walk(root, () => false, token);
}

function count(diagnostics: readonly Diagnostic[], findings: ScanSummary['findings']): void {
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity === 1) findings.error++;
    else if (diagnostic.severity === 2) findings.warning++;
    else findings.info++;
  }
}

/** The lintable files below `root`, honouring `.gitignore` files (nested ones too) and the exclude globs. */
async function* walk(root: string, exclude: (relative: string) => boolean, token: CancellationToken, unreadable: (location: string, error: unknown) => void = () => undefined): AsyncGenerator<string> {
  const pending: Array<{ folder: string; scopes: GitignoreScope[] }> = [{ folder: root, scopes: [] }];
  while (pending.length > 0 && !token.isCancellationRequested) {
    const { folder, scopes: parentScopes } = pending.pop()!;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable(folder, error);
      continue;
    }
    const scopes = entries.some((entry) => entry.name === '.gitignore' && entry.isFile()) ? [...parentScopes, await gitignoreScope(folder)] : parentScopes;
    for (const entry of entries) {
      const absolute = path.join(folder, entry.name);
      const relative = path.relative(root, absolute).split(path.sep).join('/');
      const isFolder = entry.isDirectory();
      if (exclude(relative) || isGitIgnored(scopes, absolute, isFolder)) continue;
      if (isFolder) {
        if (!SKIPPED_FOLDERS.has(entry.name)) pending.push({ folder: absolute, scopes });
      } else if (entry.isFile() && kindOfFileOnDisk(absolute, true)) yield absolute;
    }
  }
}

async function gitignoreScope(folder: string): Promise<GitignoreScope> {
  // An unreadable .gitignore (a link out of its folder, over the bound) ignores nothing.
  const text = readFileFromDisk(pathToFileURL(path.join(folder, '.gitignore')).href, MAX_GITIGNORE_BYTES, realRoots([folder])) ?? '';
  // A pattern past the glob bounds would stall the matcher on a long name: it is left out.
  const patterns = text.split(/\r?\n/).filter((line) => !globComplexityProblem(line.trim().replace(/^!/, '')));
  return { folder, rules: ignore().add(patterns) };
}

function isGitIgnored(scopes: readonly GitignoreScope[], absolute: string, isFolder: boolean): boolean {
  return scopes.some(({ folder, rules }) => {
    const relative = path.relative(folder, absolute).split(path.sep).join('/');
    return rules.ignores(isFolder ? `${relative}/` : relative);
  });
}
