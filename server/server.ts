import { CodeActionKind, TextDocumentSyncKind, TextDocuments, type CodeAction, type CodeActionParams, type Connection, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_MAX_FILE_SIZE, selectFixes, type Finding } from '../rules';
import { readFileFromDisk } from './disk-workspace';
import { quickFixes, toWorkspaceEdit, workspaceEditSupport, type WorkspaceEditSupport } from './diagnostics';
import { describeError, guard } from './guard';
import { DocumentLinter } from './linter';
import { bulwarkSection, DEFAULT_SETTINGS, readSettings } from './settings';

/** Wires LSP events to the linter. Every handler is guarded: one bad event must not stop the server. */
export function startServer(connection: Connection): void {
  const logError = (message: string) => connection.console.error(message);
  const documents = new TextDocuments(TextDocument);
  const linter = new DocumentLinter(
    {
      publishDiagnostics: (params) => {
        connection.sendDiagnostics(params).catch((error: unknown) => logError(`Bulwark could not publish diagnostics for ${params.uri}: ${describeError(error)}`));
      },
      logError,
      workspace: {
        // Unsaved text wins over the disk.
        readFile: (location) => documents.get(location)?.getText() ?? readFileFromDisk(location, DEFAULT_MAX_FILE_SIZE),
      },
      openDocuments: () => documents.all(),
    },
    DEFAULT_SETTINGS,
  );

  const applySettings = guard(logError, 'reading the settings', (raw: unknown) => {
    const { settings, problems } = readSettings(linter.settings, raw);
    for (const problem of problems) connection.console.warn(`Bulwark ignores a setting: ${problem}.`);
    linter.applySettings(settings, documents.all());
  });

  let editSupport: WorkspaceEditSupport = { documentChanges: false, createFiles: false };
  connection.onInitialize((params): InitializeResult => {
    editSupport = workspaceEditSupport(params.capabilities);
    applySettings(params.initializationOptions);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL, APPLY_ALL_FIXES] },
      },
      serverInfo: { name: 'bulwark' },
    };
  });
  connection.onDidChangeConfiguration(
    guard(logError, 'applying changed settings', ({ settings }) => applySettings(bulwarkSection(settings))),
  );
  documents.onDidOpen(guard(logError, 'handling an opened document', ({ document }) => linter.opened(document)));
  documents.onDidChangeContent(guard(logError, 'handling a changed document', ({ document }) => linter.changed(document)));
  documents.onDidClose(guard(logError, 'handling a closed document', ({ document }) => linter.closed(document)));
  connection.onCodeAction((params) => {
    try {
      const actions = wants(params, CodeActionKind.QuickFix) ? quickFixes(params.textDocument.uri, params.context.diagnostics, editSupport) : [];
      const document = documents.get(params.textDocument.uri);
      // Whole-document actions only when a source action is asked for: they need a fresh lint.
      const kinds = params.context.only ? [FIX_ALL, APPLY_ALL_FIXES].filter((kind) => wants(params, kind)) : [];
      if (document && kinds.length > 0) {
        const findings = linter.findingsOf(document);
        for (const kind of kinds) {
          const action = allFixesAction(kind, document, findings, editSupport);
          if (action) actions.push(action);
        }
      }
      return actions;
    } catch (error) {
      logError(`Bulwark could not compute quick fixes: ${describeError(error)}`);
      return [];
    }
  });
  connection.onShutdown(guard(logError, 'shutting down', () => linter.dispose()));

  documents.listen(connection);
  connection.listen();
}


/** The kind of the action that applies every safe fix of a document (`editor.codeActionsOnSave`). */
export const FIX_ALL = `${CodeActionKind.SourceFixAll}.bulwark`;

/** The kind of the action that applies every fix of a document, those that change behaviour too. */
export const APPLY_ALL_FIXES = `${CodeActionKind.Source}.bulwark.applyAllFixes`;

/** Whether a request asks for actions of `kind`: it names no kind, or `kind` or a parent of it. */
function wants(params: CodeActionParams, kind: string): boolean {
  const only = params.context.only;
  return !only || only.some((asked) => kind === asked || kind.startsWith(`${asked}.`));
}

/**
 * The action applying a document's fixes that do not overlap: the safe ones for `source.fixAll`,
 * all of them for the explicit "apply all" (never under `source.fixAll`, so no save runs it).
 */
function allFixesAction(kind: string, document: TextDocument, findings: readonly Finding[], support: WorkspaceEditSupport): CodeAction | undefined {
  const unsafe = kind === APPLY_ALL_FIXES;
  const selection = selectFixes(document.getText(), findings, { unsafe });
  if (selection.fixes.length === 0) return undefined;
  const edit = toWorkspaceEdit(document.uri, selection.edits, selection.files, support, document.version);
  return edit && { title: unsafe ? 'Apply all Bulwark fixes, including those that change behaviour' : 'Fix all safe Bulwark problems', kind, edit };
}
