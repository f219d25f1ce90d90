import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import { INTERNAL_ERROR, ruleDocsUrl, type Finding, type Fix, type Severity } from '../rules';

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
  // The fixes ride along with the diagnostic, so a code-action request needs no new lint.
  if (finding.fixes?.length || finding.ignore) diagnostic.data = { fixes: finding.fixes ?? [], ignore: finding.ignore } satisfies DiagnosticData;
  return diagnostic;
}

export interface DiagnosticData {
  fixes: Fix[];
  ignore?: Finding['ignore'];
}

/** The quick fixes of the Bulwark diagnostics a code-action request names. */
export function quickFixes(documentUri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const data = diagnostic.data as Partial<DiagnosticData> | undefined;
    const action = (title: string, edits: TextEdit[], isPreferred = false): CodeAction => ({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred,
      edit: { changes: { [documentUri]: edits } },
    });
    for (const fix of Array.isArray(data?.fixes) ? data.fixes : []) {
      actions.push(action(fix.safe ? fix.title : `${fix.title} (changes behaviour)`, fix.edits, fix.safe));
    }
    if (data?.ignore) {
      actions.push(action(`Ignore ${diagnostic.code} for this line`, [data.ignore.line]));
      actions.push(action(`Ignore ${diagnostic.code} for this file`, [data.ignore.file]));
    }
  }
  return actions;
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
