import { findingLocations } from '../locations';
import type { ScanResult } from '../scan';
import { escapeXml, XML_DECLARATION } from './xml';

/**
 * A Checkstyle XML report (Jenkins' Warnings plugin, reviewdog, many code-review bots read it): a
 * `<file>` per scanned file, an `<error>` per finding with its rule as `source`.
 */
export function formatCheckstyle(result: ScanResult): string {
  const files = result.files.map((file) => {
    const errors = file.findings.map((finding) => {
      const { primary } = findingLocations(result.root, file, finding);
      return `    <error line="${primary.line}" column="${primary.column}" severity="${finding.severity}" message="${escapeXml(finding.message)}" source="bulwark.${escapeXml(finding.ruleId)}"/>\n`;
    });
    return `  <file name="${escapeXml(file.path)}">\n${errors.join('')}  </file>\n`;
  });
  const unreadable = result.unreadable.map((problem) => `  <file name="${escapeXml(problem.path)}">\n    <error severity="error" message="${escapeXml(`Could not read ${problem.path}: ${problem.reason}`)}" source="bulwark.unreadable"/>\n  </file>\n`);
  return `${XML_DECLARATION}\n<checkstyle version="4.3">\n${files.join('')}${unreadable.join('')}</checkstyle>\n`;
}
