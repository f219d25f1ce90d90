import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeFsError, diskWorkspace, folderUri, MAX_BYTES_READ } from '../disk/workspace';
import { applyFixes, DEFAULT_PROFILE, lint, PARSE_ERROR, tooLargeToRead, type Finding, type ImageFactsProvider, type Profile, type SuppressedFinding, type SuppressionPolicy, type WorkspaceView } from '../rules';
import { isIgnoredByConfig, type ProjectConfigs } from './config';
import { discoverFiles, isFolder, type FoundFile, type Problem } from './discover';
import { fingerprintFindings } from './fingerprints';
import { PendingChanges, type ChangedFile } from './fix-files';
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
}


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
  const files: ScannedFile[] = [];
  const unreadable = [...discovery.unreadable];
  const pending = new PendingChanges(diskAround(paths, root));
  for (const file of discovery.files) {
    const config = options.configs?.forFile(file.absolutePath);
    if (config && isIgnoredByConfig(config, file.absolutePath)) continue;
    try {
      files.push({ ...file, ...lintFile(file, options, pending) });
    } catch (error) {
      unreadable.push({ absolutePath: file.absolutePath, path: file.path, reason: describeFsError(error) });
    }
  }
  // A fix of one file may have edited another one already linted (a Dockerfile's secret moved to the Compose file).
  for (const [i, file] of files.entries()) {
    if (file.fixesApplied === 0 && pending.pendingText(file.absolutePath)) files[i] = { ...file, ...lintFile(file, { ...options, fix: undefined }, pending), fixesApplied: 0 };
  }
  const changedFiles = pending.changed().map(({ path, action }) => ({ path: displayPath(root, path), action }));
  changedFiles.sort((a, b) => comparePaths(a.path, b.path));
  if (options.fix?.write) pending.writeAll();
  unreadable.sort((a, b) => comparePaths(a.path, b.path));
  return { root, files, unreadable, skipped: discovery.skipped, changedFiles, diff: options.fix?.write === false ? pending.diff((path) => displayPath(root, path)) : undefined };
}

function lintFile(file: FoundFile, options: ScanOptions, pending: PendingChanges): Pick<ScannedFile, 'findings' | 'suppressed' | 'fixesApplied'> {
  let text: string;
  let bom: string;
  let raw: string;
  const changed = pending.pendingText(file.absolutePath);
  if (changed) {
    ({ text, bom } = changed);
    raw = bom + text;
  } else {
    // stat before opening: opening a named pipe would block until something writes to it.
    const stats = statSync(file.absolutePath);
    if (!stats.isFile()) throw new Error('not a regular file');
    if (stats.size > MAX_BYTES_READ) return { findings: withFingerprints(file, '', [tooLargeToRead(stats.size)]), suppressed: [], fixesApplied: 0 };
    raw = readFileSync(file.absolutePath, 'utf8');
    // Editors hide the byte-order mark; left in, it would shift every column of the first line by one.
    bom = raw.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK : '';
    text = raw.slice(bom.length);
  }
  const document = { uri: pathToFileURL(file.absolutePath).href, kind: file.kind };
  const { rules, trustedRegistries: configured, suppressions: configuredSuppressions, profile: configuredProfile } = options.configs?.forFile(file.absolutePath).config ?? {};
  const trustedRegistries = options.trustedRegistries?.length ? options.trustedRegistries : configured;
  const profile = options.profile ?? configuredProfile ?? DEFAULT_PROFILE;
  const suppressions: SuppressionPolicy | undefined = options.disallowSuppressions ? { ...configuredSuppressions, allow: false } : configuredSuppressions;
  const lintOptions = { workspace: pending.workspace, profile, rules, trustedRegistries, imageFacts: options.imageFacts, suppressions };
  let linted = lint({ ...document, text }, lintOptions);
  let findings = linted.findings;
  let fixesApplied = 0;
  for (let pass = 0; options.fix && pass < MAX_FIX_PASSES; pass++) {
    const fixed = applyFixes(text, findings, { unsafe: options.fix.unsafe, fileExists: (uri) => pending.exists(uri) });
    if (fixed.applied === 0) break;
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
  return { findings: withFingerprints(file, text, findings), suppressed: withFingerprints(file, text, linted.suppressed), fixesApplied };
}

function withFingerprints<F extends Finding>(file: FoundFile, text: string, findings: readonly F[]): Array<F & { fingerprint: string }> {
  const fingerprints = fingerprintFindings(file.path, text, findings);
  return findings.map((finding, i) => ({ ...finding, fingerprint: fingerprints[i] }));
}

function parseErrors(findings: readonly Finding[]): number {
  return findings.filter((finding) => finding.ruleId === PARSE_ERROR.id).length;
}
