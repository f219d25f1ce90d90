import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_FILE_SIZE, detectKind, DockerfileModels, documentImages, isIgnoredPath, MAX_FINDINGS_PER_FILE, redactUrlPasswords, selectFixes, type Finding, type LintOptions } from '../rules';
import { DIAGNOSTIC_SOURCE, quickFixes, toWorkspaceEdit, workspaceEditSupport, type WorkspaceEditSupport } from './diagnostics';
import { describeError, guard } from './guard';
import { imageFactsHover, joinHovers, ruleDocsHover } from './hover';
import { DocumentLinter } from './linter';
import { DiagnosticsPublisher } from './publisher';
import { OnlineFeatures } from './online';
import { UPDATE_PINNED_DIGESTS_COMMAND, updatePinnedDigests } from './pinned-digests';
import { ProjectConfigs, relativePath } from './project-config';
import { bulwarkSection, DEFAULT_SETTINGS, lintsDifferently, readSettings } from './settings';
import { ServerWorkspace } from './workspace';
import { SCAN_PROGRESS_NOTIFICATION, SCAN_WORKSPACE_REQUEST, WorkspaceScanner, type ScanWorkspaceParams } from './workspace-scan';

const CONFIG_SEVERITIES = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

/** Wires LSP events to the linter. Every handler is guarded: one bad event must not stop the server. */
export function startServer(connection: Connection): void {
  // A log line may quote a path or an error naming a URL: never a password in it.
  const logError = (message: string) => connection.console.error(redactUrlPasswords(message));
  const publisher = new DiagnosticsPublisher(
    (params) => connection.sendDiagnostics(params),
    (params, error) => logError(`Bulwark could not publish diagnostics for ${params.uri}: ${describeError(error)}`),
  );
  const documents = new TextDocuments(TextDocument);
  const workspace = new ServerWorkspace(documents, DEFAULT_MAX_FILE_SIZE);
  // A Dockerfile is parsed once per version, whether it is linted, hovered or read by a Compose file.
  const dockerfileModels = new DockerfileModels();
  let watchFiles = false;
  let followFolders = false;
  // Unsaved text wins over the disk, as for every file a lint reads.
  const configs = new ProjectConfigs((location) => workspace.viewFor(location).readFile(location));

  const online = new OnlineFeatures(
    (uris) => linter.relint(uris.flatMap((uri) => documents.get(uri) ?? [])),
    (message) => connection.console.warn(redactUrlPasswords(message)),
  );

  const lintOptions = (uri: string): LintOptions | undefined => {
    const settings = linter.settings;
    if (!settings.enable) return undefined;
    const { folder, parsed } = configs.forDocument(uri);
    const { config } = parsed;
    if (folder !== undefined) {
      const path = relativePath(folder, uri);
      if (isIgnoredPath(path, config.ignore ?? []) || isIgnoredPath(path, settings.ignore)) return undefined;
    }
    // The project file wins over the user's settings.
    const rules = { ...settings.rules, ...config.rules };
    return {
      rules,
      trustedRegistries: config.trustedRegistries ?? settings.trustedRegistries,
      workspace: workspace.viewFor(uri),
      dockerfileModels,
      // What is sent to the client is bounded: a generated file must not block the server for seconds.
      maxFindings: MAX_FINDINGS_PER_FILE,
      imageFacts: online.provider(uri, settings, config, folder === undefined ? undefined : fileFolderPath(folder), rules),
    };
  };

  const linter = new DocumentLinter(
    {
      publishDiagnostics: (params) => publisher.publish(params),
      logError,
      lintOptions,
      openDocuments: () => documents.all(),
    },
    DEFAULT_SETTINGS,
  );
  const scanner = new WorkspaceScanner(linter, {
    workspaceFolders: () => configs.workspaceFolders,
    isOpen: (uri) => documents.get(uri) !== undefined,
    progress: (progress) => void connection.sendNotification(SCAN_PROGRESS_NOTIFICATION, progress),
    started: () => workspace.scanStarted(),
  });

  const setFolders = (uris: readonly string[]) => {
    configs.setFolders(uris);
    workspace.setFolders(uris);
  };

  /** Configuration files whose problems were published: one deleted or renamed away must lose them. */
  let configsWithProblems = new Set<string>();
  /** The problems of every configuration file, published on that file. */
  const publishConfigProblems = () => {
    const stale = configsWithProblems;
    configsWithProblems = new Set();
    for (const { configUri, parsed } of configs.all()) {
      if (configUri === undefined) continue;
      stale.delete(configUri);
      configsWithProblems.add(configUri);
      // Turned off, Bulwark shows no problem at all, its configuration's included.
      const diagnostics = (linter.settings.enable ? parsed.problems : []).map((problem) => ({
        range: problem.range,
        severity: CONFIG_SEVERITIES[problem.severity],
        source: DIAGNOSTIC_SOURCE,
        code: 'config',
        message: problem.message,
      }));
      void connection.sendDiagnostics({ uri: configUri, diagnostics });
    }
    for (const configUri of stale) void connection.sendDiagnostics({ uri: configUri, diagnostics: [] });
  };
  const configChanged = (configUri?: string) => {
    configs.reload(configUri);
    publishConfigProblems();
    linter.relint(documents.all());
  };

  const applySettings = guard(logError, 'reading the settings', (raw: unknown) => {
    const previous = linter.settings;
    const { settings, problems } = readSettings(previous, raw);
    for (const problem of problems) connection.console.warn(`Bulwark ignores a setting: ${problem}.`);
    linter.applySettings(settings, lintsDifferently(previous, settings), documents.all());
    if (!settings.enable) scanner.forgetAll();
  });

  let editSupport: WorkspaceEditSupport = { documentChanges: false, createFiles: false };
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    editSupport = workspaceEditSupport(params.capabilities);
    applySettings(params.initializationOptions);
    setFolders(announcedFolders(params));
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    followFolders = params.capabilities.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL, APPLY_ALL_FIXES] },
        hoverProvider: true,
        executeCommandProvider: { commands: [UPDATE_PINNED_DIGESTS_COMMAND] },
        ...(followFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'bulwark' },
    };
  });
  connection.onInitialized(
    guard(logError, 'starting', () => {
      publishConfigProblems();
      if (followFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guard(logError, 'changing workspace folders', () => {
            connection.workspace.getWorkspaceFolders().then(
              (folders) => {
                setFolders((folders ?? []).map((folder) => folder.uri));
                configChanged();
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
  connection.onDidChangeConfiguration(
    guard(logError, 'applying changed settings', ({ settings }) => {
      const wasEnabled = linter.settings.enable;
      applySettings(bulwarkSection(settings));
      if (linter.settings.enable !== wasEnabled) publishConfigProblems();
    }),
  );
  connection.onDidChangeWatchedFiles(
    guard(logError, 'handling changed files', ({ changes }) => {
      const uris = changes.map((change) => change.uri);
      workspace.filesChanged(uris);
      for (const { uri, type } of changes) {
        if (configs.isConfigFile(uri)) configChanged(uri);
        else if (type === FileChangeType.Deleted) scanner.forget(uri);
        else if (scanner.has(uri) && !documents.get(uri)) {
          const text = workspace.viewFor(uri).readFile(uri);
          if (text === undefined) scanner.forget(uri);
          else linter.lintFile({ uri, text });
        }
      }
      linter.filesChanged(uris);
    }),
  );

  const isConfig = (document: TextDocument) => configs.isConfigFile(document.uri);
  // TextDocuments reports an opened document as changed too: that event reads an opened configuration.
  documents.onDidOpen(guard(logError, 'handling an opened document', ({ document }) => isConfig(document) || linter.opened(document)));
  documents.onDidChangeContent(guard(logError, 'handling a changed document', ({ document }) => (isConfig(document) ? configChanged(document.uri) : linter.changed(document))));
  documents.onDidSave(guard(logError, 'handling a saved document', ({ document }) => linter.saved(document)));
  documents.onDidClose(
    guard(logError, 'handling a closed document', ({ document }) => {
      if (isConfig(document)) configChanged(document.uri);
      else linter.closed(document, scanner.has(document.uri) && detectKind(document.uri, document.languageId) !== undefined);
    }),
  );
  connection.onCodeAction((params, token) => {
    if (token.isCancellationRequested) return requestCancelled();
    try {
      const actions = wants(params, CodeActionKind.QuickFix) ? quickFixes(params.textDocument.uri, params.context.diagnostics, editSupport, (uri, version) => linter.lintedFindings(uri, version)) : [];
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
  connection.onHover((params, token) => {
    if (token.isCancellationRequested) return requestCancelled();
    try {
      const uri = params.textDocument.uri;
      const document = documents.get(uri);
      const imageFacts = document && lintOptions(uri)?.imageFacts;
      const imageHover = imageFacts ? imageFactsHover(documentImages({ uri, text: document.getText(), languageId: document.languageId }, { dockerfileModels }), imageFacts, params.position) : null;
      return joinHovers(imageHover, ruleDocsHover(linter.diagnostics(uri), params.position));
    } catch (error) {
      logError(`Bulwark could not compute a hover: ${describeError(error)}`);
      return null;
    }
  });
  connection.onRequest(SCAN_WORKSPACE_REQUEST, async (params: ScanWorkspaceParams | undefined, token) => {
    try {
      return await scanner.scan(params ?? {}, token);
    } catch (error) {
      logError(`Bulwark could not scan the workspace: ${describeError(error)}`);
      throw error;
    }
  });
  // A notification, not a request: nothing waits for the user to read it.
  const showMessage = (message: string) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
  connection.onExecuteCommand(async ({ command }) => {
    if (command !== UPDATE_PINNED_DIGESTS_COMMAND) return undefined;
    try {
      const factsFor = (uri: string) => (lintOptions(uri)?.imageFacts ? online.facts : undefined);
      const update = await updatePinnedDigests(configs.workspaceFolders, (uri) => documents.get(uri)?.getText(), factsFor);
      if (update.updated === 0 && update.current === 0 && update.failures.length === 0) {
        showMessage('Bulwark found no pinned image to update. Updating digests asks the registries: it needs bulwark.online.registry.');
        return update;
      }
      if (update.updated > 0) await connection.workspace.applyEdit({ label: 'Update pinned digests', edit: update.edit });
      const failed = update.failures.length > 0 ? `; ${update.failures.length} could not be checked (${update.failures[0]})` : '';
      showMessage(`Bulwark updated ${update.updated} pinned digest${update.updated === 1 ? '' : 's'}; ${update.current} already current${failed}.`);
      return update;
    } catch (error) {
      logError(`Bulwark could not update the pinned digests: ${describeError(error)}`);
      throw error;
    }
  });
  connection.onShutdown(guard(logError, 'shutting down', () => linter.dispose()));

  documents.listen(connection);
  connection.listen();
}

/** The path of a workspace folder, against which the project file's trust key files are read. */
function fileFolderPath(folderUri: string): string | undefined {
  try {
    return fileURLToPath(folderUri);
  } catch {
    return undefined;
  }
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

/** The answer to a request the client cancelled before the server got to it: the work is not done. */
function requestCancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

/** The workspace folders the client announced, or its older single root. */
function announcedFolders(params: InitializeParams): string[] {
  if (params.workspaceFolders) return params.workspaceFolders.map((folder) => folder.uri);
  return params.rootUri ? [params.rootUri] : [];
}
