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
  type Diagnostic,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_FILE_SIZE, DockerfileModels, folderOf, documentImages, isIgnoredPath, MAX_FINDINGS_PER_FILE, redactUrlPasswords, selectFixes, type Finding, type LintOptions } from '../rules';
import { BULWARK_VERSION } from '../disk/version';
import { isWithin, MAX_BYTES_READ, readFileFromDisk } from '../disk/workspace';
import { currentChanges, DIAGNOSTIC_SOURCE, quickFixes, toWorkspaceEdit, workspaceEditSupport, type CurrentText, type WorkspaceEditSupport } from './diagnostics';
import { completeProjectConfig } from './config-completion';
import { describeError, guard } from './guard';
import { imageFactsHover, joinHovers, ruleDocsHover } from './hover';
import { DocumentLinter, lintableKind } from './linter';
import { DiagnosticsPublisher } from './publisher';
import { OnlineFeatures } from './online';
import { UPDATE_PINNED_DIGESTS_COMMAND, updatePinnedDigests } from './pinned-digests';
import { ProjectConfigs, relativePath } from './project-config';
import { bulwarkSection, DEFAULT_SETTINGS, differInSeveritiesOnly, lintsDifferently, readSettings } from './settings';
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
  const configs = new ProjectConfigs(
    (location) => workspace.viewFor(location).readFile(location),
    // A configuration file read for the first time (a nested one, an extended one) has its problems shown too.
    () => setImmediate(guard(logError, 'publishing the configuration problems', () => publishConfigProblems())),
  );

  const online = new OnlineFeatures(
    (uris) => linter.relint(uris.flatMap((uri) => documents.get(uri) ?? [])),
    (message) => connection.console.warn(redactUrlPasswords(message)),
  );

  const lintOptions = (uri: string): LintOptions | undefined => {
    const settings = linter.settings;
    if (!settings.enable) return undefined;
    const { folder, configFolder, config } = configs.forDocument(uri);
    if (folder !== undefined && isIgnoredPath(relativePath(folder, uri), settings.ignore)) return undefined;
    if (configFolder !== undefined && isIgnoredPath(relativePath(configFolder, uri), config.ignore ?? [])) return undefined;
    // The project file wins over the user's settings.
    const rules = { ...settings.rules, ...config.rules };
    return {
      profile: config.profile ?? settings.profile,
      rules,
      trustedRegistries: config.trustedRegistries ?? settings.trustedRegistries,
      suppressions: config.suppressions,
      workspace: workspace.viewFor(uri),
      dockerfileModels,
      // What is sent to the client is bounded: a generated file must not block the server for seconds.
      maxFindings: MAX_FINDINGS_PER_FILE,
      imageFacts: online.provider(uri, settings, config, configFolder === undefined ? undefined : fileFolderPath(configFolder), rules),
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
    for (const [configUri, problems] of configs.problemsByFile()) {
      stale.delete(configUri);
      configsWithProblems.add(configUri);
      // Turned off, Bulwark shows no problem at all, its configuration's included.
      const diagnostics = (linter.settings.enable ? problems : []).map((problem) => ({
        range: problem.range,
        severity: CONFIG_SEVERITIES[problem.severity],
        source: DIAGNOSTIC_SOURCE,
        code: 'config',
        message: problem.message,
        ...(problem.replacement === undefined ? {} : { data: { replacement: problem.replacement } satisfies ConfigProblemData }),
      }));
      void connection.sendDiagnostics({ uri: configUri, diagnostics });
    }
    for (const configUri of stale) void connection.sendDiagnostics({ uri: configUri, diagnostics: [] });
  };
  /**
   * A project file was created, edited, broken or deleted (or the folders changed): every document
   * it may configure is linted again, the open ones at once and the scanned ones in the background,
   * from the texts the scan kept. Only those below the file's folder when it configures no folder
   * elsewhere (a nested project file configures the files below it; a file others extend, theirs).
   */
  const configChanged = (configUri?: string) => {
    const configured = configUri === undefined ? undefined : configs.foldersReading(configUri);
    const before = configUri === undefined ? undefined : configs.forDocument(configUri).config;
    configs.reload();
    publishConfigProblems();
    const own = configUri === undefined ? undefined : folderOf(configUri);
    const folder = own !== undefined && configured!.every((configuredFolder) => configuredFolder.startsWith(own)) ? own : undefined;
    linter.relint(documents.all().filter((document) => folder === undefined || document.uri.startsWith(folder)));
    const severitiesOnly = folder !== undefined && before !== undefined && differInSeveritiesOnly(before, configs.forDocument(configUri!).config);
    relintScanned(folder, severitiesOnly);
  };
  const relintScanned = (folder?: string, severitiesOnly = false) => {
    scanner.relint(folder, { severitiesOnly }).catch((error: unknown) => logError(`Bulwark could not lint the scanned files again: ${describeError(error)}`));
  };

  const applySettings = guard(logError, 'reading the settings', (raw: unknown) => {
    const previous = linter.settings;
    const { settings, problems } = readSettings(previous, raw);
    for (const problem of problems) connection.console.warn(`Bulwark ignores a setting: ${problem}.`);
    const relint = lintsDifferently(previous, settings);
    linter.applySettings(settings, relint, documents.all());
    // Turned off, the scanned files lose their problems; turned on again, they get them back.
    if (relint) relintScanned(undefined, differInSeveritiesOnly(previous, settings));
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
        completionProvider: {},
        executeCommandProvider: { commands: [UPDATE_PINNED_DIGESTS_COMMAND] },
        ...(followFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'bulwark', version: BULWARK_VERSION },
    };
  });
  connection.onInitialized(
    guard(logError, 'starting', () => {
      publishConfigProblems();
      connection.console.info(startupMessage(configs.workspaceFolders, [...configs.problemsByFile().keys()]));
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
          else {
            scanner.remember(uri, text);
            linter.lintFile({ uri, text });
          }
        }
      }
      linter.filesChanged(uris);
    }),
  );

  const isConfig = (document: TextDocument) => configs.isConfigFile(document.uri);
  // TextDocuments reports an opened document as changed too: that event reads an opened configuration.
  documents.onDidOpen(guard(logError, 'handling an opened document', ({ document }) => isConfig(document) || linter.opened(document)));
  documents.onDidChangeContent(guard(logError, 'handling a changed document', ({ document }) => (isConfig(document) ? configChanged() : linter.changed(document))));
  documents.onDidSave(guard(logError, 'handling a saved document', ({ document }) => linter.saved(document)));
  documents.onDidClose(
    guard(logError, 'handling a closed document', ({ document }) => {
      if (isConfig(document)) configChanged(document.uri);
      else {
        const scanned = scanner.has(document.uri) && lintableKind(document) !== undefined;
        linter.closed(document, scanned);
        if (scanned) scanner.remember(document.uri, document.getText());
      }
    }),
  );
  // What a fix's change to another file must be computed from: the file now, never a kept copy, and
  // only within the workspace folders (a `.gitignore` linked out of them is not read).
  const currentText: CurrentText = (uri) => documents.get(uri)?.getText() ?? (isWithin(uri, configs.workspaceFolders.length > 0 ? configs.workspaceFolders : [folderOf(uri)]) ? readFileFromDisk(uri, MAX_BYTES_READ) : undefined);
  connection.onCodeAction((params, token) => {
    if (token.isCancellationRequested) return requestCancelled();
    try {
      if (configs.isConfigFile(params.textDocument.uri)) return wants(params, CodeActionKind.QuickFix) ? configQuickFixes(params.textDocument.uri, params.context.diagnostics) : [];
      const actions = wants(params, CodeActionKind.QuickFix) ? quickFixes(params.textDocument.uri, params.context.diagnostics, editSupport, (uri, version) => linter.lintedFindings(uri, version), currentText) : [];
      const document = documents.get(params.textDocument.uri);
      // Whole-document actions only when a source action is asked for: they need a fresh lint.
      const kinds = params.context.only ? [FIX_ALL, APPLY_ALL_FIXES].filter((kind) => wants(params, kind)) : [];
      if (document && kinds.length > 0) {
        const findings = linter.findingsOf(document);
        for (const kind of kinds) {
          const action = allFixesAction(kind, document, findings, editSupport, currentText);
          if (action) actions.push(action);
        }
      }
      return actions;
    } catch (error) {
      logError(`Bulwark could not compute quick fixes: ${describeError(error)}`);
      return [];
    }
  });
  connection.onCompletion((params, token) => {
    if (token.isCancellationRequested) return requestCancelled();
    try {
      const document = documents.get(params.textDocument.uri);
      return document && configs.isConfigFile(document.uri) ? completeProjectConfig(document.getText(), params.position) : [];
    } catch (error) {
      logError(`Bulwark could not compute completions: ${describeError(error)}`);
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
function allFixesAction(kind: string, document: TextDocument, findings: readonly Finding[], support: WorkspaceEditSupport, currentText: CurrentText): CodeAction | undefined {
  const unsafe = kind === APPLY_ALL_FIXES;
  const selection = selectFixes(document.getText(), findings, { unsafe });
  if (selection.fixes.length === 0) return undefined;
  const edit = toWorkspaceEdit(document.uri, selection.edits, currentChanges(selection.files, currentText), support, document.version);
  return edit && { title: unsafe ? 'Apply all Bulwark fixes, including those that change behaviour' : 'Fix all safe Bulwark problems', kind, edit };
}

/** The answer to a request the client cancelled before the server got to it: the work is not done. */
function requestCancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

/** What a configuration problem with a "did you mean" carries: the word to write instead. */
interface ConfigProblemData {
  replacement: string;
}

/** The "did you mean" of the configuration problems a code-action request names, as quick fixes. */
function configQuickFixes(configUri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  return diagnostics.flatMap((diagnostic) => {
    const replacement = (diagnostic.data as Partial<ConfigProblemData> | undefined)?.replacement;
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || diagnostic.code !== 'config' || typeof replacement !== 'string') return [];
    return [{ title: `Change to "${replacement}"`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [configUri]: [{ range: diagnostic.range, newText: replacement }] } } }];
  });
}

/**
 * The first line of the log: which Bulwark, over which transport, for which folders, with which
 * project files, so that a report of a problem says what was running.
 */
function startupMessage(folders: readonly string[], configFiles: readonly string[]): string {
  const transport = process.argv.slice(2).find((arg) => /^--(?:stdio|node-ipc|socket=|pipe=)/.test(arg))?.replace(/^--/, '') ?? 'stdio';
  const list = (uris: readonly string[]) => (uris.length === 0 ? 'none' : uris.map(displayPath).join(', '));
  return `Bulwark ${BULWARK_VERSION} language server started (Node ${process.version}, ${transport}). Workspace folders: ${list(folders)}. Project files: ${list(configFiles)}.`;
}

/** A file URI as its path, other URIs as they are. */
function displayPath(uri: string): string {
  return uri.startsWith('file:') ? (fileFolderPath(uri) ?? uri) : uri;
}

/** The workspace folders the client announced, or its older single root. */
function announcedFolders(params: InitializeParams): string[] {
  if (params.workspaceFolders) return params.workspaceFolders.map((folder) => folder.uri);
  return params.rootUri ? [params.rootUri] : [];
}
