import {
  AnnotatedTextEdit,
  CodeActionKind,
  DiagnosticSeverity,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type ChangeAnnotation,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { INTERNAL_ERROR, ruleById, ruleDocsUrl, type FileChange, type Finding, type Severity } from '../rules';
import { ensureLineChange } from '../rules/fixes/edits';

/** The `source` of every diagnostic, as editors show it next to the message. */
export const DIAGNOSTIC_SOURCE = 'bulwark';

/** The engine's own rule id for "Bulwark failed while checking the file", which has a docs page. */
const LINT_FAILURE_RULE_ID = INTERNAL_ERROR.id;

const DIAGNOSTIC_SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * Hardening advice: an `info` finding of a rule the `recommended` profile leaves out (it runs with
 * `strict`, or when configured), or that the profile leaves out where it was found (`advice`). The
 * editor shows it as a hint, in the text but not counted in the Problems panel; set the rule to
 * `warning` to have it counted.
 */
function isAdvice(finding: Finding): boolean {
  return finding.severity === 'info' && (finding.advice === true || ruleById(finding.ruleId)?.profiles.includes('recommended') === false);
}

/**
 * Converts an engine finding; ranges are already LSP ranges and messages already redacted. `version`
 * is the document version linted and `index` the finding's place in that lint's findings.
 */
export function toDiagnostic(finding: Finding, documentUri: string, version?: number, index?: number): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: isAdvice(finding) ? DiagnosticSeverity.Hint : DIAGNOSTIC_SEVERITIES[finding.severity],
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
  // The fixes stay in the server with the lint's findings (a Compose secret move is kilobytes of
  // edits, and most diagnostics are never acted on): the diagnostic names its finding. A finding
  // with suppression edits is named without building its fixes, which a code action builds.
  if (index !== undefined && (finding.ignore || finding.fixes?.length)) diagnostic.data = { version, finding: index } satisfies DiagnosticData;
  return diagnostic;
}

/** What a Bulwark diagnostic carries for its code actions: the lint it came from and its finding there. */
export interface DiagnosticData {
  version?: number;
  finding: number;
}

/** The findings of the last lint of a document, if it linted `version` (undefined: a file that is not open). */
export type LintedFindings = (uri: string, version: number | undefined) => readonly Finding[] | undefined;

/**
 * The finding a diagnostic was made from, when the findings of that lint are still the last ones:
 * a diagnostic of an older version gets no fix, which could no longer apply.
 */
function findingOf(diagnostic: Diagnostic, documentUri: string, linted: LintedFindings): Finding | undefined {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (typeof data?.finding !== 'number') return undefined;
  const finding = linted(documentUri, typeof data.version === 'number' ? data.version : undefined)?.[data.finding];
  return finding && finding.ruleId === diagnostic.code && sameRange(finding.range, diagnostic.range) ? finding : undefined;
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** What the client can do with a WorkspaceEdit, from its `workspace.workspaceEdit` capabilities. */
export interface WorkspaceEditSupport {
  documentChanges: boolean;
  createFiles: boolean;
  /** The client shows change annotations, and asks before applying those that need confirmation. */
  changeAnnotations?: boolean;
}

export function workspaceEditSupport(capabilities: ClientCapabilities): WorkspaceEditSupport {
  const workspaceEdit = capabilities.workspace?.workspaceEdit;
  return {
    documentChanges: workspaceEdit?.documentChanges === true,
    createFiles: workspaceEdit?.resourceOperations?.includes('create') === true,
    changeAnnotations: workspaceEdit?.changeAnnotationSupport !== undefined,
  };
}

/** The text of a file as it is now (an open document's, else the disk's), undefined when there is none. */
export type CurrentText = (uri: string) => string | undefined;

/**
 * A fix's changes to other files as they must be made now: a change that only adds a line (`secrets/`
 * to a `.gitignore`) is computed again from the file as it is, since the lint that made it may be
 * older than an edit another fix made since; the line is then never added twice.
 */
export function currentChanges(files: readonly FileChange[], currentText: CurrentText): FileChange[] {
  return files.flatMap((change) => (change.ensureLine === undefined ? [change] : (ensureLineChange(change.uri, currentText(change.uri), change.ensureLine) ?? [])));
}

/**
 * The quick fixes of the Bulwark diagnostics a code-action request names: every finding's real fixes
 * first (built now, when asked for), then one pair of "Ignore …" entries per rule, however many of
 * its diagnostics the request names.
 */
export function quickFixes(documentUri: string, diagnostics: readonly Diagnostic[], support: WorkspaceEditSupport, linted: LintedFindings, currentText: CurrentText): CodeAction[] {
  const fixes: CodeAction[] = [];
  const ignores = new Map<string, CodeAction[]>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const finding = findingOf(diagnostic, documentUri, linted);
    if (!finding) continue;
    const version = (diagnostic.data as DiagnosticData).version;
    const action = (title: string, edit: WorkspaceEdit, isPreferred = false): CodeAction => ({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred, edit });
    for (const [i, fix] of (finding.fixes ?? []).entries()) {
      const edit = toWorkspaceEdit(documentUri, fix.edits, currentChanges(fix.files ?? [], currentText), support, version);
      // The first fix is the rule's main one: the editor's "auto fix" may apply it without asking.
      if (edit) fixes.push(action(fix.safe ? fix.title : `${fix.title} (changes behaviour)`, edit, i === 0));
    }
    if (finding.ignore && !ignores.has(finding.ruleId)) {
      ignores.set(finding.ruleId, [
        action(`Ignore ${finding.ruleId} for this line`, { changes: { [documentUri]: [finding.ignore.line] } }),
        action(`Ignore ${finding.ruleId} for this file`, { changes: { [documentUri]: [finding.ignore.file] } }),
      ]);
    }
  }
  return [...fixes, ...[...ignores.values()].flat()];
}

/** The annotation of the changes a fix makes beyond the document: the client shows them, and asks first. */
const OTHER_FILES = 'bulwark.otherFiles';

function otherFilesAnnotation(files: readonly FileChange[]): ChangeAnnotation {
  const names = [...new Set(files.map((change) => `${change.kind === 'create' ? 'creates' : 'edits'} ${decodeURIComponent(change.uri.slice(change.uri.lastIndexOf('/') + 1))}`))];
  return { label: 'Bulwark: changes to other files', description: names.join(', '), needsConfirmation: true };
}

/**
 * A fix as a WorkspaceEdit. A fix on the document alone is a plain `changes` edit, which every
 * client applies; one that reaches other files needs `documentChanges`, and one that creates a file
 * needs the client's `create` resource operation: without them it is not offered (undefined). The
 * changes to other files carry a change annotation that needs confirmation, where the client
 * supports them: the editor then shows what the fix writes where before it writes it.
 */
export function toWorkspaceEdit(documentUri: string, edits: TextEdit[], files: readonly FileChange[], support: WorkspaceEditSupport, version?: number): WorkspaceEdit | undefined {
  const creates = files.some((change) => change.kind === 'create');
  if (files.length === 0 || (!support.documentChanges && !creates)) {
    const changes: Record<string, TextEdit[]> = { [documentUri]: [...edits] };
    for (const change of files) if (change.kind === 'edit') (changes[change.uri] ??= []).push(...change.edits);
    return { changes };
  }
  if (!support.documentChanges || (creates && !support.createFiles)) return undefined;
  const annotation = support.changeAnnotations ? OTHER_FILES : undefined;
  const annotated = (list: TextEdit[]): TextEdit[] => (annotation ? list.map((edit) => AnnotatedTextEdit.replace(edit.range, edit.newText, annotation)) : list);
  const textEdit = (uri: string, edits: TextEdit[], at: number | null = null): TextDocumentEdit => ({ textDocument: { uri, version: at }, edits });
  // With the version linted, the editor refuses the edit once the document has changed since.
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = edits.length > 0 ? [textEdit(documentUri, edits, version ?? null)] : [];
  const zero = { line: 0, character: 0 };
  for (const change of files) {
    if (change.kind === 'edit') {
      documentChanges.push(textEdit(change.uri, annotated(change.edits)));
    } else {
      // Never overwrite: the client refuses the whole edit if the file appeared in the meantime.
      documentChanges.push({ kind: 'create', uri: change.uri, options: { overwrite: false, ignoreIfExists: false }, ...(annotation ? { annotationId: annotation } : {}) });
      documentChanges.push(textEdit(change.uri, annotated([{ range: { start: zero, end: zero }, newText: change.text }])));
    }
  }
  return annotation ? { documentChanges, changeAnnotations: { [annotation]: otherFilesAnnotation(files) } } : { documentChanges };
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
