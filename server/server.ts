import { CodeActionKind, TextDocumentSyncKind, TextDocuments, type Connection, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_MAX_FILE_SIZE } from '../rules';
import { readFileFromDisk } from './disk-workspace';
import { quickFixes } from './diagnostics';
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

  connection.onInitialize((params): InitializeResult => {
    applySettings(params.initializationOptions);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
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
      return quickFixes(params.textDocument.uri, params.context.diagnostics);
    } catch (error) {
      logError(`Bulwark could not compute quick fixes: ${describeError(error)}`);
      return [];
    }
  });
  connection.onShutdown(guard(logError, 'shutting down', () => linter.dispose()));

  documents.listen(connection);
  connection.listen();
}

