import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { readFileFromDisk } from '../server/disk-workspace';
import { applyFixes, DEFAULT_MAX_FILE_SIZE, FILE_TOO_LARGE, lint, tooLargeMessage, type Finding, type ImageFactsProvider, type WorkspaceView } from '../rules';
import { isIgnoredByConfig, type LoadedConfig } from './config';
import { discoverFiles, type FoundFile, type Problem } from './discover';
import { comparePaths, describeFsError } from './paths';

export interface ScannedFile extends FoundFile {
  findings: Finding[];
  /** Fixes written to the file (with --fix). */
  fixesApplied: number;
}

export interface ScanOptions {
  /** Write the fixes to the files: the safe ones, and the unsafe ones too with `unsafe`. */
  fix?: { unsafe: boolean };
  /** The project configuration (rules, ignore globs, trusted registries). */
  config?: LoadedConfig;
  /** What registries say about the images (with --online). */
  imageFacts?: ImageFactsProvider;
  /** --trusted-registry: the registries images may come from, instead of the configuration's; empty: the configuration's. */
  trustedRegistries?: readonly string[];
}

/** Fixing can make room for a fix that overlapped another one; a few passes are plenty. */
const MAX_FIX_PASSES = 3;

export interface ScanResult {
  /** The folder report paths are relative to: the current directory. */
  root: string;
  /** Every file linted, in path order, with or without findings. */
  files: ScannedFile[];
  /** Files and folders that could not be read, so were not checked. */
  unreadable: Problem[];
  /** Files given by name that Bulwark does not lint. */
  skipped: Problem[];
}

/**
 * A file over this many bytes surely decodes to more characters than the engine lints (in UTF-8 no
 * UTF-16 code unit takes more than 3 bytes; the 3 are a byte-order mark), so it is not read at all:
 * a multi-gigabyte file would not even fit in a string.
 */
const MAX_BYTES_READ = 3 * DEFAULT_MAX_FILE_SIZE + 3;

const BYTE_ORDER_MARK = '\uFEFF';

/** The files a Compose file builds from, read from the disk. */
const DISK: WorkspaceView = { readFile: (location) => readFileFromDisk(location, MAX_BYTES_READ) };

export function scan(paths: readonly string[], root: string, options: ScanOptions = {}): ScanResult {
  const discovery = discoverFiles(paths, root);
  const files: ScannedFile[] = [];
  const unreadable = [...discovery.unreadable];
  const config = options.config;
  for (const file of discovery.files) {
    if (config && isIgnoredByConfig(config, file.absolutePath)) continue;
    try {
      files.push({ ...file, ...lintFile(file, options) });
    } catch (error) {
      unreadable.push({ absolutePath: file.absolutePath, path: file.path, reason: describeFsError(error) });
    }
  }
  unreadable.sort((a, b) => comparePaths(a.path, b.path));
  return { root, files, unreadable, skipped: discovery.skipped };
}

function lintFile(file: FoundFile, options: ScanOptions): { findings: Finding[]; fixesApplied: number } {
  // stat before opening: opening a named pipe would block until something writes to it.
  const stats = statSync(file.absolutePath);
  if (!stats.isFile()) throw new Error('not a regular file');
  if (stats.size > MAX_BYTES_READ) return { findings: [tooLargeToRead(stats.size)], fixesApplied: 0 };
  const raw = readFileSync(file.absolutePath, 'utf8');
  // Editors hide the byte-order mark; left in, it would shift every column of the first line by one.
  const bom = raw.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK : '';
  let text = raw.slice(bom.length);
  const document = { uri: pathToFileURL(file.absolutePath).href, kind: file.kind };
  const { rules, trustedRegistries: configured } = options.config?.config ?? {};
  const trustedRegistries = options.trustedRegistries?.length ? options.trustedRegistries : configured;
  const lintOptions = { workspace: DISK, rules, trustedRegistries, imageFacts: options.imageFacts };
  let findings = lint({ ...document, text }, lintOptions).findings;
  let fixesApplied = 0;
  for (let pass = 0; options.fix && pass < MAX_FIX_PASSES; pass++) {
    const fixed = applyFixes(text, findings, options.fix);
    if (fixed.applied === 0) break;
    text = fixed.text;
    fixesApplied += fixed.applied;
    findings = lint({ ...document, text }, lintOptions).findings;
  }
  if (fixesApplied > 0) writeFileSync(file.absolutePath, bom + text);
  return { findings, fixesApplied };
}

/** The engine's `file-too-large` finding, for a file too large to hand to the engine. */
function tooLargeToRead(bytes: number): Finding {
  const zero = { line: 0, character: 0 };
  return { ruleId: FILE_TOO_LARGE.id, severity: FILE_TOO_LARGE.severity, range: { start: zero, end: zero }, message: tooLargeMessage(bytes) };
}
