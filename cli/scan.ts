import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { diskWorkspace, folderUri } from '../server/disk-workspace';
import { applyFixes, DEFAULT_MAX_FILE_SIZE, type FileChange, FILE_TOO_LARGE, lint, tooLargeMessage, type Finding, type WorkspaceView } from '../rules';
import { discoverFiles, isFolder, type FoundFile, type Problem } from './discover';
import { writeFileChanges, type FileWritten } from './fix-files';
import { comparePaths, describeFsError, displayPath } from './paths';

export interface ScannedFile extends FoundFile {
  findings: Finding[];
  /** Fixes written to the file (with --fix). */
  fixesApplied: number;
}

export interface ScanOptions {
  /** Write the fixes to the files: the safe ones, and the unsafe ones too with `unsafe`. */
  fix?: { unsafe: boolean };
}

/** Fixing can make room for a fix that overlapped another one (each secret moved adds to one `secrets:` key); a few passes are plenty. */
const MAX_FIX_PASSES = 8;

export interface ScanResult {
  /** The folder report paths are relative to: the current directory. */
  root: string;
  /** Every file linted, in path order, with or without findings. */
  files: ScannedFile[];
  /** Files and folders that could not be read, so were not checked. */
  unreadable: Problem[];
  /** Files given by name that Bulwark does not lint. */
  skipped: Problem[];
  /** Files other than the linted ones that fixes created or edited (with --fix), in order. */
  otherFilesFixed: FileWritten[];
}

/**
 * A file over this many bytes surely decodes to more characters than the engine lints (in UTF-8 no
 * UTF-16 code unit takes more than 3 bytes; the 3 are a byte-order mark), so it is not read at all:
 * a multi-gigabyte file would not even fit in a string.
 */
const MAX_BYTES_READ = 3 * DEFAULT_MAX_FILE_SIZE + 3;

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * The disk around the scanned files (the Dockerfiles a Compose file builds, build contexts), listed
 * no higher than the current folder and the scanned folders: the top the engine searches up to for
 * the Compose file that builds a Dockerfile.
 */
function diskAround(paths: readonly string[], root: string): WorkspaceView {
  const folders = [root, ...paths].map((path) => {
    const absolutePath = resolve(root, path);
    return folderUri(isFolder(absolutePath) ? absolutePath : dirname(absolutePath));
  });
  return diskWorkspace(folders, MAX_BYTES_READ);
}

export function scan(paths: readonly string[], root: string, options: ScanOptions = {}): ScanResult {
  const discovery = discoverFiles(paths, root);
  const workspace = diskAround(paths, root);
  const files: ScannedFile[] = [];
  const unreadable = [...discovery.unreadable];
  const otherFilesFixed: FileWritten[] = [];
  const writeOtherFiles = (changes: readonly FileChange[]) => {
    for (const written of writeFileChanges(changes)) otherFilesFixed.push({ ...written, path: displayPath(root, written.path) });
  };
  for (const file of discovery.files) {
    try {
      files.push({ ...file, ...lintFile(file, workspace, options, writeOtherFiles) });
    } catch (error) {
      unreadable.push({ absolutePath: file.absolutePath, path: file.path, reason: describeFsError(error) });
    }
  }
  // A fix of one file may have edited another one already reported (a Dockerfile's secret moved to the Compose file).
  const edited = new Set(otherFilesFixed.map((written) => written.path));
  for (const [i, file] of files.entries()) {
    if (edited.has(file.path)) files[i] = { ...file, findings: lintFile(file, workspace, {}, writeOtherFiles).findings };
  }
  unreadable.sort((a, b) => comparePaths(a.path, b.path));
  return { root, files, unreadable, skipped: discovery.skipped, otherFilesFixed };
}

function lintFile(file: FoundFile, workspace: WorkspaceView, options: ScanOptions, writeOtherFiles: (changes: readonly FileChange[]) => void): { findings: Finding[]; fixesApplied: number } {
  // stat before opening: opening a named pipe would block until something writes to it.
  const stats = statSync(file.absolutePath);
  if (!stats.isFile()) throw new Error('not a regular file');
  if (stats.size > MAX_BYTES_READ) return { findings: [tooLargeToRead(stats.size)], fixesApplied: 0 };
  const raw = readFileSync(file.absolutePath, 'utf8');
  // Editors hide the byte-order mark; left in, it would shift every column of the first line by one.
  const bom = raw.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK : '';
  let text = raw.slice(bom.length);
  const document = { uri: pathToFileURL(file.absolutePath).href, kind: file.kind };
  let findings = lint({ ...document, text }, { workspace }).findings;
  let fixesApplied = 0;
  for (let pass = 0; options.fix && pass < MAX_FIX_PASSES; pass++) {
    const fixed = applyFixes(text, findings, { ...options.fix, fileExists: (uri) => existsSync(fileURLToPath(uri)) });
    if (fixed.applied === 0) break;
    text = fixed.text;
    fixesApplied += fixed.applied;
    // Written now, so that the next pass's lint reads them (a second secret finds `secrets/` in .gitignore).
    writeFileSync(file.absolutePath, bom + text);
    writeOtherFiles(fixed.files);
    findings = lint({ ...document, text }, { workspace }).findings;
  }
  return { findings, fixesApplied };
}

/** The engine's `file-too-large` finding, for a file too large to hand to the engine. */
function tooLargeToRead(bytes: number): Finding {
  const zero = { line: 0, character: 0 };
  return { ruleId: FILE_TOO_LARGE.id, severity: FILE_TOO_LARGE.severity, range: { start: zero, end: zero }, message: tooLargeMessage(bytes) };
}
