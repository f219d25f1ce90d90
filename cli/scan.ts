import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeFsError, DiskRefusal, diskWorkspace, folderUri, MAX_BYTES_READ, readRegularFile, realRoots } from '../disk/workspace';
import { applyFixes, capFindings, lint, MAX_FINDINGS_PER_FILE, PARSE_ERROR, tooLargeToRead, type Finding, type ImageFactsProvider } from '../rules';
import { isIgnoredByConfig, type LoadedConfig } from './config';
import { discoverFiles, isFolder, type FoundFile, type Problem } from './discover';
import { PendingChanges, type ChangedFile, type UnwrittenFile } from './fix-files';
import { comparePaths, displayPath } from './paths';

export interface ScannedFile extends FoundFile {
  findings: Finding[];
  /** Fixes applied to the file (with --fix or --diff). */
  fixesApplied: number;
}

export interface ScanOptions {
  /** Apply the fixes: the safe ones, and the unsafe ones too with `unsafe`; to the files with `write`, else as a diff. */
  fix?: { unsafe: boolean; write: boolean };
  /** The project configuration (rules, ignore globs, trusted registries). */
  config?: LoadedConfig;
  /** What registries say about the images (with --online). */
  imageFacts?: ImageFactsProvider;
  /** --trusted-registry: the registries images may come from, instead of the configuration's; empty: the configuration's. */
  trustedRegistries?: readonly string[];
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
  /** Files other than the linted ones that fixes created or edited (with --fix or --diff), in order. */
  otherFilesFixed: ChangedFile[];
  /** With --diff: the unified diff of the fixes, which were not written. */
  diff?: string;
  /** Files whose fixes were not taken, because they would change a file outside the scanned folders or through a link. */
  refusedFixes: Problem[];
  /** With --fix: the files that could not be written (nothing is edited when a file fixes create fails). */
  unwritten: UnwrittenFile[];
}

/** Findings reported for one scan at most; past it, each file keeps a `too-many-findings` finding for the rest. */
export const MAX_FINDINGS_PER_RUN = 20_000;


const BYTE_ORDER_MARK = '\uFEFF';

/**
 * The scanned roots: the current folder and the scanned folders (a scanned file's folder). The
 * engine searches no higher for the Compose file that builds a Dockerfile, and nothing outside them
 * is read or written.
 */
function scannedRoots(paths: readonly string[], root: string): string[] {
  return [root, ...paths].map((path) => {
    const absolutePath = resolve(root, path);
    return folderUri(isFolder(absolutePath) ? absolutePath : dirname(absolutePath));
  });
}

export function scan(paths: readonly string[], root: string, options: ScanOptions = {}): ScanResult {
  const discovery = discoverFiles(paths, root);
  const files: ScannedFile[] = [];
  const unreadable = [...discovery.unreadable];
  const refusedFixes: Problem[] = [];
  const roots = scannedRoots(paths, root);
  const pending = new PendingChanges(diskWorkspace(roots, MAX_BYTES_READ), realRoots(roots));
  const config = options.config;
  let reported = 0;
  for (const file of discovery.files) {
    if (config && isIgnoredByConfig(config, file.absolutePath)) continue;
    try {
      const linted = lintFile(file, root, options, pending);
      if (linted.refused) refusedFixes.push({ absolutePath: file.absolutePath, path: file.path, reason: linted.refused });
      const findings = capFindings(linted.findings, Math.max(0, MAX_FINDINGS_PER_RUN - reported), 'one scan');
      reported += findings.length;
      files.push({ ...file, findings, fixesApplied: linted.fixesApplied });
    } catch (error) {
      unreadable.push({ absolutePath: file.absolutePath, path: file.path, reason: describeFsError(error) });
    }
  }
  const otherFilesFixed = pending.others(new Set(files.map((file) => file.absolutePath))).map(({ path, action }) => ({ path: displayPath(root, path), action }));
  // A fix of one file may have edited another one already linted (a Dockerfile's secret moved to the Compose file).
  for (const [i, file] of files.entries()) {
    if (file.fixesApplied === 0 && pending.pendingText(file.absolutePath)) files[i] = { ...file, findings: lintFile(file, root, { ...options, fix: undefined }, pending).findings };
  }
  const unwritten = options.fix?.write ? pending.writeAll((path) => displayPath(root, path)) : [];
  unreadable.sort((a, b) => comparePaths(a.path, b.path));
  const diff = options.fix?.write === false ? pending.diff((path) => displayPath(root, path)) : undefined;
  return { root, files, unreadable, skipped: discovery.skipped, otherFilesFixed, diff, refusedFixes, unwritten };
}

interface LintedFile {
  findings: Finding[];
  fixesApplied: number;
  /** Why the file's fixes were not taken, when they were refused. */
  refused?: string;
}

function lintFile(file: FoundFile, root: string, options: ScanOptions, pending: PendingChanges): LintedFile {
  let text: string;
  let bom: string;
  let raw: string;
  const changed = pending.pendingText(file.absolutePath);
  if (changed) {
    ({ text, bom } = changed);
    raw = bom + text;
  } else {
    try {
      raw = readRegularFile(file.absolutePath, MAX_BYTES_READ, pending.roots);
    } catch (error) {
      if (error instanceof DiskRefusal && error.bytes !== undefined) return { findings: [tooLargeToRead(error.bytes)], fixesApplied: 0 };
      throw error;
    }
    // Editors hide the byte-order mark; left in, it would shift every column of the first line by one.
    bom = raw.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK : '';
    text = raw.slice(bom.length);
  }
  const document = { uri: pathToFileURL(file.absolutePath).href, kind: file.kind };
  const { rules, trustedRegistries: configured } = options.config?.config ?? {};
  const trustedRegistries = options.trustedRegistries?.length ? options.trustedRegistries : configured;
  const lintOptions = { workspace: pending.workspace, rules, trustedRegistries, imageFacts: options.imageFacts, maxFindings: MAX_FINDINGS_PER_FILE };
  let findings = lint({ ...document, text }, lintOptions).findings;
  let fixesApplied = 0;
  for (let pass = 0; options.fix && pass < MAX_FIX_PASSES; pass++) {
    const fixed = applyFixes(text, findings, { unsafe: options.fix.unsafe, fileExists: (uri) => pending.exists(uri) });
    if (fixed.applied === 0) break;
    // Fixes write nothing outside the scanned folders nor through a link: then none of this pass is taken.
    const refusal = [document.uri, ...fixed.files.map((change) => change.uri)].map((uri) => ({ uri, reason: pending.refusal(uri) })).find(({ reason }) => reason);
    if (refusal) return { findings, fixesApplied, refused: `fixes not applied: ${displayPath(root, fileURLToPath(refusal.uri))}: ${refusal.reason}` };
    const after = lint({ ...document, text: fixed.text }, lintOptions).findings;
    // A fix must never leave a file that no longer parses: then nothing of this pass is taken.
    if (parseErrors(after) > parseErrors(findings)) break;
    text = fixed.text;
    fixesApplied += fixed.applied;
    pending.setText(file.absolutePath, raw, bom, text);
    pending.apply(fixed.files);
    // The other files changed under the lint just made: the next pass must see them.
    findings = fixed.files.length > 0 ? lint({ ...document, text }, lintOptions).findings : after;
  }
  return { findings, fixesApplied };
}

function parseErrors(findings: readonly Finding[]): number {
  return findings.filter((finding) => finding.ruleId === PARSE_ERROR.id).length;
}
