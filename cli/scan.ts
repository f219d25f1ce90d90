import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeFsError, DiskRefusal, diskWorkspace, folderUri, MAX_BYTES_READ, readRegularFile, realRoots } from '../disk/workspace';
import { applyFixes, capFindings, DEFAULT_PROFILE, lint, MAX_FINDINGS_PER_FILE, PARSE_ERROR, tooLargeToRead, type Finding, type ImageFactsProvider, type Profile, type SuppressedFinding, type SuppressionPolicy } from '../rules';
import { isIgnoredByConfig, type ProjectConfigs } from './config';
import { discoverFiles, isFolder, type FoundFile, type Problem } from './discover';
import { fingerprintFindings } from './fingerprints';
import { PendingChanges, type ChangedFile, type UnwrittenFile } from './fix-files';
import { comparePaths, displayPath } from './paths';

/** A finding as the CLI reports it: with the fingerprint that follows it across edits (SARIF, baselines). */
export type ScannedFinding = Finding & { fingerprint: string };

export interface ScannedFile extends FoundFile {
  findings: ScannedFinding[];
  /** The findings suppression comments hide: kept for the reports that show them as suppressed (SARIF). */
  suppressed: Array<SuppressedFinding & { fingerprint: string }>;
  /** Fixes applied to the file (with --fix or --diff). */
  fixesApplied: number;
}

export interface ScanOptions {
  /** Apply the fixes: the safe ones, and the unsafe ones too with `unsafe`; to the files with `write`, else as a diff. */
  fix?: { unsafe: boolean; write: boolean };
  /** The project configuration of each file (rules, ignore globs, trusted registries). */
  configs?: Pick<ProjectConfigs, 'forFile'>;
  /** What registries say about the images (with --online). */
  imageFacts?: ImageFactsProvider;
  /** --profile: the rule set, instead of the configuration's (default `recommended`). */
  profile?: Profile;
  /** --trusted-registry: the registries images may come from, instead of the configuration's; empty: the configuration's. */
  trustedRegistries?: readonly string[];
  /** --disallow-suppressions: suppression comments hide nothing, whatever the configuration says. */
  disallowSuppressions?: boolean;
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
  /** Every file fixes created or edited (with --fix or --diff), linted or not, in path order. */
  changedFiles: ChangedFile[];
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
  let reported = 0;
  for (const file of discovery.files) {
    const config = options.configs?.forFile(file.absolutePath);
    if (config && isIgnoredByConfig(config, file.absolutePath)) continue;
    try {
      const linted = lintFile(file, root, options, pending);
      if (linted.refused) refusedFixes.push({ absolutePath: file.absolutePath, path: file.path, reason: linted.refused });
      const findings = capFindings(linted.findings, Math.max(0, MAX_FINDINGS_PER_RUN - reported), 'one scan');
      reported += findings.length;
      files.push({ ...file, ...withFingerprints(file, { ...linted, findings }), fixesApplied: linted.fixesApplied });
    } catch (error) {
      unreadable.push({ absolutePath: file.absolutePath, path: file.path, reason: describeFsError(error) });
    }
  }
  // A fix of one file may have edited another one already linted (a Dockerfile's secret moved to the Compose file).
  for (const [i, file] of files.entries()) {
    if (file.fixesApplied === 0 && pending.pendingText(file.absolutePath)) files[i] = { ...file, ...withFingerprints(file, lintFile(file, root, { ...options, fix: undefined }, pending)), fixesApplied: 0 };
  }
  const changedFiles = pending.changed().map(({ path, action }) => ({ path: displayPath(root, path), action }));
  changedFiles.sort((a, b) => comparePaths(a.path, b.path));
  const unwritten = options.fix?.write ? pending.writeAll((path) => displayPath(root, path)) : [];
  unreadable.sort((a, b) => comparePaths(a.path, b.path));
  const diff = options.fix?.write === false ? pending.diff((path) => displayPath(root, path)) : undefined;
  return { root, files, unreadable, skipped: discovery.skipped, changedFiles, diff, refusedFixes, unwritten };
}

interface LintedFile {
  /** The text the findings are in (after the fixes applied). */
  text: string;
  findings: Finding[];
  suppressed: SuppressedFinding[];
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
      if (error instanceof DiskRefusal && error.bytes !== undefined) return { text: '', findings: [tooLargeToRead(error.bytes)], suppressed: [], fixesApplied: 0 };
      throw error;
    }
    // Editors hide the byte-order mark; left in, it would shift every column of the first line by one.
    bom = raw.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK : '';
    text = raw.slice(bom.length);
  }
  const document = { uri: pathToFileURL(file.absolutePath).href, kind: file.kind };
  const { rules, trustedRegistries: configured, suppressions: configuredSuppressions, profile: configuredProfile } = options.configs?.forFile(file.absolutePath).config ?? {};
  const trustedRegistries = options.trustedRegistries?.length ? options.trustedRegistries : configured;
  const profile = options.profile ?? configuredProfile ?? DEFAULT_PROFILE;
  const suppressions: SuppressionPolicy | undefined = options.disallowSuppressions ? { ...configuredSuppressions, allow: false } : configuredSuppressions;
  const lintOptions = { workspace: pending.workspace, profile, rules, trustedRegistries, imageFacts: options.imageFacts, suppressions, maxFindings: MAX_FINDINGS_PER_FILE };
  let linted = lint({ ...document, text }, lintOptions);
  let findings = linted.findings;
  let fixesApplied = 0;
  for (let pass = 0; options.fix && pass < MAX_FIX_PASSES; pass++) {
    const fixed = applyFixes(text, findings, { unsafe: options.fix.unsafe, fileExists: (uri) => pending.exists(uri) });
    if (fixed.applied === 0) break;
    // Fixes write nothing outside the scanned folders nor through a link: then none of this pass is taken.
    const refusal = [document.uri, ...fixed.files.map((change) => change.uri)].map((uri) => ({ uri, reason: pending.refusal(uri) })).find(({ reason }) => reason);
    if (refusal) return { text, findings, suppressed: linted.suppressed, fixesApplied, refused: `fixes not applied: ${displayPath(root, fileURLToPath(refusal.uri))}: ${refusal.reason}` };
    const after = lint({ ...document, text: fixed.text }, lintOptions);
    // A fix must never leave a file that no longer parses: then nothing of this pass is taken.
    if (parseErrors(after.findings) > parseErrors(findings)) break;
    text = fixed.text;
    fixesApplied += fixed.applied;
    pending.setText(file.absolutePath, raw, bom, text);
    pending.apply(fixed.files);
    // The other files changed under the lint just made: the next pass must see them.
    linted = fixed.files.length > 0 ? lint({ ...document, text }, lintOptions) : after;
    findings = linted.findings;
  }
  return { text, findings, suppressed: linted.suppressed, fixesApplied };
}

/** The findings and suppressed findings of a linted file, each with the fingerprint that follows it across edits. */
function withFingerprints(file: FoundFile, linted: LintedFile): Pick<ScannedFile, 'findings' | 'suppressed'> {
  const fingerprinted = <F extends Finding>(findings: readonly F[]): Array<F & { fingerprint: string }> => {
    const fingerprints = fingerprintFindings(file.path, linted.text, findings);
    return findings.map((finding, i) => ({ ...finding, fingerprint: fingerprints[i] }));
  };
  return { findings: fingerprinted(linted.findings), suppressed: fingerprinted(linted.suppressed) };
}

function parseErrors(findings: readonly Finding[]): number {
  return findings.filter((finding) => finding.ruleId === PARSE_ERROR.id).length;
}
