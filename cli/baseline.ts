import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeFsError } from '../disk/workspace';
import { UsageError } from './args';
import { FINGERPRINT_KEY } from './fingerprints';
import type { ScanResult } from './scan';

/**
 * A baseline: the findings a repository accepted when it adopted Bulwark, by fingerprint (see
 * fingerprints.ts). `ruleId` and `path` are there for people reading it; only the fingerprint,
 * which includes both, is compared.
 */
export interface Baseline {
  bulwarkBaseline: typeof FINGERPRINT_KEY;
  findings: Array<{ ruleId: string; path: string; fingerprint: string }>;
}

/** A baseline file larger than this is not one Bulwark wrote (a finding takes about 120 bytes). */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export function baselineOf(result: ScanResult): Baseline {
  const findings = result.files.flatMap((file) => file.findings.map(({ ruleId, fingerprint }) => ({ ruleId, path: file.path, fingerprint })));
  return { bulwarkBaseline: FINGERPRINT_KEY, findings };
}

export function writeBaseline(path: string, result: ScanResult): number {
  const baseline = baselineOf(result);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(baseline, null, 2)}\n`);
  } catch (error) {
    throw new UsageError(`could not write the baseline ${path}: ${describeFsError(error)}`);
  }
  return baseline.findings.length;
}

/** The fingerprints a baseline file accepts. A file that is not a baseline of this version is a usage error. */
export function readBaseline(path: string, shownPath: string): Set<string> {
  let text: string;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new Error('not a regular file');
    if (stats.size > MAX_BASELINE_BYTES) throw new Error(`larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MB`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the baseline ${shownPath}: ${describeFsError(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the baseline ${shownPath} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const baseline = parsed as Partial<Baseline> | null;
  if (typeof baseline !== 'object' || baseline === null || !Array.isArray(baseline.findings)) {
    throw new UsageError(`${shownPath} is not a Bulwark baseline (write one with --write-baseline)`);
  }
  if (baseline.bulwarkBaseline !== FINGERPRINT_KEY) {
    throw new UsageError(`the baseline ${shownPath} was written by another version of Bulwark (${JSON.stringify(baseline.bulwarkBaseline)}, this one reads ${FINGERPRINT_KEY}): write it again with --write-baseline`);
  }
  const fingerprints = new Set<string>();
  for (const [i, entry] of baseline.findings.entries()) {
    const fingerprint = (entry as { fingerprint?: unknown } | null)?.fingerprint;
    if (typeof fingerprint !== 'string') throw new UsageError(`the baseline ${shownPath}: finding ${i + 1} has no fingerprint`);
    fingerprints.add(fingerprint);
  }
  return fingerprints;
}

/** The scan without the findings the baseline accepts: what is new. */
export function withoutBaseline(result: ScanResult, accepted: ReadonlySet<string>): ScanResult {
  return { ...result, files: result.files.map((file) => ({ ...file, findings: file.findings.filter((finding) => !accepted.has(finding.fingerprint)) })) };
}
