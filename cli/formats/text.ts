import type { Severity } from '../../rules';
import { findingLocations, type ReportLocation } from '../locations';
import { printable } from '../paths';
import type { ScanResult } from '../scan';
import { summarize, type ScanSummary } from '../summary';

const SEVERITY_COLOURS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m' };
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';
const SEVERITY_WIDTH = 'warning'.length;

/**
 * One line per finding, `path:line:col  severity  rule-id  message`, files in path order, then a
 * summary line. Related places follow their finding, indented.
 */
export function formatText(result: ScanResult, options: { colour: boolean }): string {
  const paint = (code: string, text: string) => (options.colour ? `${code}${text}${RESET}` : text);
  const where = (location: ReportLocation) => `${printable(location.path)}:${location.line}:${location.column}`;
  const lines: string[] = [];
  for (const file of result.files) {
    for (const finding of file.findings) {
      const { primary, related } = findingLocations(result.root, file, finding);
      const severity = paint(SEVERITY_COLOURS[finding.severity], finding.severity.padEnd(SEVERITY_WIDTH));
      lines.push(`${where(primary)}  ${severity}  ${paint(DIM, finding.ruleId)}  ${printable(finding.message)}`);
      for (const place of related) lines.push(`    related: ${where(place)}  ${printable(place.message)}`);
    }
  }
  if (lines.length > 0) lines.push('');
  lines.push(paint(BOLD, summaryLine(summarize(result))));
  return `${lines.join('\n')}\n`;
}

function summaryLine(summary: ScanSummary): string {
  const scanned = `${plural(summary.filesScanned, 'file')} scanned`;
  const unreadable = summary.unreadable > 0 ? `, ${summary.unreadable} unreadable` : '';
  if (summary.findings === 0) return `No findings; ${scanned}${unreadable}`;
  const bySeverity = `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.info} info`;
  return `${plural(summary.findings, 'finding')} (${bySeverity}) in ${plural(summary.filesWithFindings, 'file')}; ${scanned}${unreadable}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
