import type { Severity } from '../../rules';
import { findingLocations } from '../locations';
import type { ScanResult } from '../scan';

const COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands, one per finding: `::error file=…,line=…,col=…,endLine=…,
 * endColumn=…,title=<rule>::<message>`, which the runner turns into annotations on the changed
 * lines. Paths are relative to the current folder, which in a workflow is the checkout.
 */
export function formatGithub(result: ScanResult): string {
  const lines: string[] = [];
  for (const file of result.files) {
    for (const finding of file.findings) {
      const { primary } = findingLocations(result.root, file, finding);
      const properties = [
        ['file', primary.path],
        ['line', String(primary.line)],
        ['col', String(primary.column)],
        ['endLine', String(primary.endLine)],
        ['endColumn', String(primary.endColumn)],
        ['title', finding.ruleId],
      ];
      const list = properties.map(([name, value]) => `${name}=${escapeProperty(value)}`).join(',');
      lines.push(`::${COMMANDS[finding.severity]} ${list}::${escapeData(`${finding.message} (${finding.ruleId})`)}`);
    }
  }
  for (const problem of result.unreadable) lines.push(`::error file=${escapeProperty(problem.path)},title=unreadable::${escapeData(`Could not read ${problem.path}: ${problem.reason}`)}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** A command's message, as the Actions runner unescapes it (`%`, CR and LF). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value: also `:` and `,`, which would end it. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
