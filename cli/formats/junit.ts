import { findingLocations } from '../locations';
import type { ScanResult } from '../scan';
import { escapeXml, XML_DECLARATION } from './xml';

/**
 * A JUnit XML report, as CI servers (Jenkins, GitLab, Azure Pipelines) read test results: one
 * failed test case per finding, named after the rule and place, in a suite per scanned file; a
 * file that could not be read is an errored test case.
 */
export function formatJunit(result: ScanResult): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const file of result.files) {
    if (file.findings.length === 0) continue;
    const cases = file.findings.map((finding) => {
      const { primary } = findingLocations(result.root, file, finding);
      const where = `${primary.path}:${primary.line}:${primary.column}`;
      const body = `${finding.severity}: ${finding.message}\n${where}`;
      return `    <testcase classname="${escapeXml(file.path)}" name="${escapeXml(`${finding.ruleId} at ${where}`)}" file="${escapeXml(file.path)}" line="${primary.line}">\n      <failure type="${escapeXml(finding.ruleId)}" message="${escapeXml(finding.message)}">${escapeXml(body)}</failure>\n    </testcase>`;
    });
    tests += cases.length;
    failures += cases.length;
    suites.push(`  <testsuite name="${escapeXml(file.path)}" tests="${cases.length}" failures="${cases.length}" errors="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  if (result.unreadable.length > 0) {
    const cases = result.unreadable.map((problem) => `    <testcase classname="${escapeXml(problem.path)}" name="read ${escapeXml(problem.path)}">\n      <error message="${escapeXml(problem.reason)}"/>\n    </testcase>`);
    tests += cases.length;
    suites.push(`  <testsuite name="unreadable" tests="${cases.length}" failures="0" errors="${cases.length}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const errors = result.unreadable.length;
  return `${XML_DECLARATION}\n<testsuites name="bulwark" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.map((suite) => `${suite}\n`).join('')}</testsuites>\n`;
}
