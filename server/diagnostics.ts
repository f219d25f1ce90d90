import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { INTERNAL_ERROR, ruleDocsUrl, type Finding, type Severity } from '../rules';

/** The `source` of every diagnostic, as editors show it next to the message. */
export const DIAGNOSTIC_SOURCE = 'bulwark';

/** The engine's own rule id for "Bulwark failed while checking the file", which has a docs page. */
const LINT_FAILURE_RULE_ID = INTERNAL_ERROR.id;

const DIAGNOSTIC_SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Converts an engine finding; ranges are already LSP ranges and messages already redacted. */
export function toDiagnostic(finding: Finding, documentUri: string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: DIAGNOSTIC_SEVERITIES[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    message: finding.message,
  };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: { uri: related.uri ?? documentUri, range: related.range },
      message: related.message,
    }));
  }
  return diagnostic;
}

/**
 * What the user sees when linting a document threw. The cause goes to the log; the error's message
 * is not repeated here because it may quote the document.
 */
export function lintFailureDiagnostic(documentUri: string): Diagnostic {
  return toDiagnostic(
    {
      ruleId: LINT_FAILURE_RULE_ID,
      severity: 'warning',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: 'Bulwark failed while checking this file, so its problems are not shown. The Bulwark output has the details.',
    },
    documentUri,
  );
}
