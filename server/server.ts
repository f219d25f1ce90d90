import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_MAX_FILE_SIZE, selectFixes, type Finding } from '../rules';
import { quickFixes, toWorkspaceEdit, workspaceEditSupport, type WorkspaceEditSupport } from './diagnostics';
import { describeError, guard } from './guard';
import { DocumentLinter } from './linter';
import { bulwarkSection, DEFAULT_SETTINGS, readSettings } from './settings';
import { ServerWorkspace } from './workspace';

/** Wires LSP events to the linter. Every handler is guarded: one bad event must not stop the server. */
export function startServer(connection: Connection): void {
  const logError = (message: string) => connection.console.error(message);
  const documents = new TextDocuments(TextDocument);
  const workspace = new ServerWorkspace(documents, DEFAULT_MAX_FILE_SIZE);
  let watchFiles = false;
  let followFolders = false;
  const linter = new DocumentLinter(
    {
      publishDiagnostics: (params) => {
        connection.sendDiagnostics(params).catch((error: unknown) => logError(`Bulwark could not publish diagnostics for ${params.uri}: ${describeError(error)}`));
      },
      logError,
      workspaceFor: (uri) => workspace.viewFor(uri),
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
    workspace.setFolders(announcedFolders(params));
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    followFolders = params.capabilities.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL, APPLY_ALL_FIXES] },
        ...(followFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'bulwark' },
    };
  });
  connection.onInitialized(
    guard(logError, 'registering for workspace events', () => {
      if (followFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guard(logError, 'changing workspace folders', () => {
            connection.workspace.getWorkspaceFolders().then(
              (folders) => {
                workspace.setFolders((folders ?? []).map((folder) => folder.uri));
                linter.filesChanged();
              },
              (error: unknown) => logError(`Bulwark could not read the workspace folders: ${describeError(error)}`),
            );
          }),
        );
      }
      // A build context is a folder on the disk: the server hears of its files changing through a watcher.
      if (watchFiles) {
        connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }).then(
          () => workspace.keepListings(),
          (error: unknown) => logError(`Bulwark could not watch the workspace files: ${describeError(error)}`),
        );
      }
    }),
  );
  connection.onDidChangeWatchedFiles(
    guard(logError, 'handling changed files', ({ changes }) => {
      workspace.filesChanged(changes.map((change) => change.uri));
      linter.filesChanged();
    }),
  );
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
          const action = allFixesAction(kind, document.uri, document.getText(), findings, editSupport);
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
function allFixesAction(kind: string, uri: string, text: string, findings: readonly Finding[], support: WorkspaceEditSupport): CodeAction | undefined {
  const unsafe = kind === APPLY_ALL_FIXES;
  const selection = selectFixes(text, findings, { unsafe });
  if (selection.fixes.length === 0) return undefined;
  const edit = toWorkspaceEdit(uri, selection.edits, selection.files, support);
  return edit && { title: unsafe ? 'Apply all Bulwark fixes, including those that change behaviour' : 'Fix all safe Bulwark problems', kind, edit };
}

/** The workspace folders the client announced, or its older single root. */
function announcedFolders(params: InitializeParams): string[] {
  if (params.workspaceFolders) return params.workspaceFolders.map((folder) => folder.uri);
  return params.rootUri ? [params.rootUri] : [];
}
