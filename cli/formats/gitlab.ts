import type { Severity } from '../../rules';
import { findingLocations } from '../locations';
import type { ScanResult } from '../scan';

/** GitLab's Code Quality severities (those of the Code Climate format). */
const SEVERITIES: Record<Severity, 'info' | 'minor' | 'major' | 'critical' | 'blocker'> = { error: 'critical', warning: 'major', info: 'info' };

/** One issue of a GitLab Code Quality report. */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: (typeof SEVERITIES)[Severity];
  location: { path: string; lines: { begin: number; end: number } };
}

/**
 * A GitLab Code Quality report (`artifacts: reports: codequality`): a JSON array with one issue per
 * finding. The fingerprint is the finding's (see fingerprints.ts), so GitLab's comparison of the
 * merge request with its target branch follows a finding that only moved.
 */
export function formatGitlab(result: ScanResult): string {
  const issues: CodeQualityIssue[] = result.files.flatMap((file) =>
    file.findings.map((finding) => {
      const { primary } = findingLocations(result.root, file, finding);
      return {
        description: `${finding.message} (${finding.ruleId})`,
        check_name: finding.ruleId,
        fingerprint: finding.fingerprint,
        severity: SEVERITIES[finding.severity],
        location: { path: primary.path, lines: { begin: primary.line, end: primary.endLine } },
      };
    }),
  );
  return `${JSON.stringify(issues, null, 2)}\n`;
}
