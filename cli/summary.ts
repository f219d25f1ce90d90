import type { FailLevel } from './args';
import type { ScanResult } from './scan';

export interface ScanSummary {
  filesScanned: number;
  filesWithFindings: number;
  findings: number;
  errors: number;
  warnings: number;
  info: number;
  /** Files and folders that could not be read. */
  unreadable: number;
}

export function summarize(result: ScanResult): ScanSummary {
  const all = result.files.flatMap((file) => file.findings);
  const count = (severity: string) => all.filter((finding) => finding.severity === severity).length;
  return {
    filesScanned: result.files.length,
    filesWithFindings: result.files.filter((file) => file.findings.length > 0).length,
    findings: all.length,
    errors: count('error'),
    warnings: count('warning'),
    info: count('info'),
    unreadable: result.unreadable.length,
  };
}

/** Whether a finding at or above the `--fail-on` level was made. */
export function reachesFailLevel(summary: ScanSummary, failOn: FailLevel): boolean {
  switch (failOn) {
    case 'error':
      return summary.errors > 0;
    case 'warning':
      return summary.errors + summary.warnings > 0;
    case 'info':
      return summary.findings > 0;
    case 'never':
      return false;
  }
}
