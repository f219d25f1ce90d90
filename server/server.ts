import { CodeActionKind, DidChangeWatchedFilesNotification, TextDocumentSyncKind, TextDocuments, type Connection, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_MAX_FILE_SIZE } from '../rules';
import { readFileFromDisk } from './disk-workspace';
import { quickFixes } from './diagnostics';
import { describeError, guard } from './guard';
import { DocumentLinter } from './linter';
import { bulwarkSection, DEFAULT_SETTINGS, readSettings } from './settings';

/** What a lint may read from the disk: when one changes, the open documents that read it are re-linted. */
const WATCHED_FILES = ['**/.env', '**/*.{yml,yaml}', '**/{Dockerfile,Containerfile}', '**/{Dockerfile,Containerfile}.*', '**/*.{dockerfile,Dockerfile,containerfile,Containerfile}'];

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

  let canWatchFiles = false;
  connection.onInitialize((params): InitializeResult => {
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    applySettings(params.initializationOptions);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'bulwark' },
    };
  });
  // The files a lint reads besides the open documents: a Compose file's Dockerfiles, `.env`, override and extended files.
  connection.onInitialized(
    guard(logError, 'watching files', () => {
      if (!canWatchFiles) return;
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })) }).catch((error: unknown) => logError(`Bulwark could not watch files: ${describeError(error)}`));
    }),
  );
  connection.onDidChangeWatchedFiles(guard(logError, 'handling changed files', ({ changes }) => linter.filesChanged(changes.map((change) => change.uri))));
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

