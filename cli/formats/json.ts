import { ruleDocsUrl, type FileKind, type Range, type Severity } from '../../rules';
import { findingLocations, type ReportLocation } from '../locations';
import type { ScanResult } from '../scan';
import { summarize, type ScanSummary } from '../summary';
import { BULWARK_VERSION } from '../../disk/version';

/** The JSON report, documented in docs/cli.md: change it only compatibly. */
export interface JsonReport {
  version: string;
  files: JsonFile[];
  unreadable: Array<{ path: string; reason: string }>;
  summary: ScanSummary;
}

interface JsonFile {
  path: string;
  kind: FileKind;
  findings: JsonFinding[];
}

interface JsonSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  range: Range;
}

/** A finding without its fixes: a fix's edits can hold the very secret the finding is about. */
interface JsonFinding extends JsonSpan {
  ruleId: string;
  severity: Severity;
  message: string;
  related: Array<JsonSpan & { path: string; message: string }>;
  docs: string;
}

export function formatJson(result: ScanResult): string {
  const report: JsonReport = {
    version: BULWARK_VERSION,
    files: result.files.map((file) => ({
      path: file.path,
      kind: file.kind,
      findings: file.findings.map((finding) => {
        const { primary, related } = findingLocations(result.root, file, finding);
        return {
          ruleId: finding.ruleId,
          severity: finding.severity,
          message: finding.message,
          ...span(primary),
          related: related.map((place) => ({ path: place.path, ...span(place), message: place.message })),
          docs: ruleDocsUrl(finding.ruleId),
        };
      }),
    })),
    unreadable: result.unreadable.map(({ path, reason }) => ({ path, reason })),
    summary: summarize(result),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function span(location: ReportLocation): JsonSpan {
  return { line: location.line, column: location.column, endLine: location.endLine, endColumn: location.endColumn, range: location.range };
}
