/**
 * The VS Code side of Bulwark: starts the bundled language server and adds what only the editor
 * can (commands, the status item, the output channel, settings plumbing). All linting happens in
 * the server.
 */
import { commands, ExtensionContext, LogOutputChannel, window, workspace } from 'vscode';
import { DocumentFilter, LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { RuleDocs, SHOW_RULE_DOCS_COMMAND } from './rule-docs';
import { scanWorkspace, wasScanned, type ScanContext } from './scan';
import { BulwarkStatus } from './status';
import { traceChannel } from './trace';

const CONFIGURATION_SECTION = 'bulwark';

// Languages assigned by VS Code's built-in docker, shell script and Makefile support: scripts and
// Makefiles are read for the containers their `docker run` lines start.
const LANGUAGES = ['dockerfile', 'dockercompose', 'shellscript', 'makefile'];

// Files the built-in language detection may miss: compose files opened as plain `yaml`,
// Dockerfiles/Containerfiles with suffixes or extensions; and the files matched by name only,
// whatever their language: daemon.json and dev containers (never the `json` or `jsonc` language as
// a whole, whose own diagnostics stay the JSON extension's) and systemd units and drop-ins, for
// dockerd's flags; CI files (GitHub workflows and composite actions, GitLab CI), never the `yaml`
// language as a whole; scripts and Makefiles by name too, for the watcher of scanned files.
const FILE_PATTERNS = [
  '**/{compose,docker-compose}.{yml,yaml}',
  '**/{compose,docker-compose}.*.{yml,yaml}',
  '**/{Dockerfile,Containerfile}',
  '**/{Dockerfile,Containerfile}.*',
  '**/*.{dockerfile,Dockerfile,containerfile,Containerfile}',
  '**/daemon.json',
  '**/{devcontainer,.devcontainer}.json',
  '**/*.{service,socket}',
  '**/*.{service,socket}.d/*.conf',
  '**/.github/workflows/*.{yml,yaml}',
  '**/action.{yml,yaml}',
  '**/.gitlab-ci.{yml,yaml}',
  '**/*.{sh,bash,mk}',
  '**/{Makefile,makefile,GNUmakefile}',
];

// The project configuration: the server reads it live while it is edited, and reports its problems.
const CONFIG_PATTERN = '**/.bulwark.{yaml,yml}';

// `file` and `untitled` only: other schemes (git:, diff views, virtual file systems) would lint
// historic or remote copies and duplicate the problems of the file on disk.
const DOCUMENT_SELECTOR: DocumentFilter[] = [
  ...LANGUAGES.flatMap((language) => ['file', 'untitled'].map((scheme) => ({ scheme, language }))),
  ...[...FILE_PATTERNS, CONFIG_PATTERN].map((pattern) => ({ scheme: 'file', pattern })),
];

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const outputChannel = window.createOutputChannel('Bulwark', { log: true });
  const traceOutputChannel = traceChannel(outputChannel);
  const status = new BulwarkStatus();
  const ruleDocs = new RuleDocs(context);
  context.subscriptions.push(outputChannel, traceOutputChannel, status);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel,
    // The server's messages go to the channel at their level; `bulwark.trace.server` alone adds the trace.
    traceOutputChannel,
    // The hover's link opens the rule's page shipped in the extension, through this command only.
    markdown: { isTrusted: RuleDocs.trustedCommands },
    middleware: ruleDocs.middleware,
    // A function, so that a restart picks up the current settings and trust.
    initializationOptions: readInitializationOptions,
    synchronize: {
      configurationSection: CONFIGURATION_SECTION,
      // Scanned files that change or go away on the disk, and the project configuration.
      fileEvents: [...FILE_PATTERNS, CONFIG_PATTERN].map((pattern) => workspace.createFileSystemWatcher(pattern)),
    },
  };
  const languageClient = new LanguageClient('bulwark', 'Bulwark', serverOptions, clientOptions);
  client = languageClient;
  const scan: ScanContext = { client: languageClient, status, outputChannel, state: context.workspaceState };
  context.subscriptions.push(
    languageClient.onDidChangeState(({ newState }) => {
      status.serverRunning(newState === State.Running);
      // A server that starts has no scan results: when the workspace was scanned, it is scanned again.
      if (newState === State.Running && wasScanned(context.workspaceState)) void scanWorkspace(scan, { rescan: true });
    }),
    // Trust changes what the workspace may turn on: the server starts again with the new trust.
    workspace.onDidGrantWorkspaceTrust(() => restart(languageClient, outputChannel)),
  );

  // Commands are registered before the server starts so that a server that fails to start can
  // still be inspected and restarted.
  context.subscriptions.push(
    commands.registerCommand('bulwark.showOutput', () => outputChannel.show()),
    commands.registerCommand('bulwark.restartServer', () => restart(languageClient, outputChannel)),
    commands.registerCommand('bulwark.scanWorkspace', () => scanWorkspace(scan)),
    commands.registerCommand(SHOW_RULE_DOCS_COMMAND, (ruleId: unknown) => ruleDocs.show(ruleId)),
  );

  try {
    await languageClient.start();
  } catch (error) {
    reportStartFailure(outputChannel, error);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** The `bulwark.*` settings as the server reads them, plus whether the workspace is trusted. */
function readInitializationOptions(): Record<string, unknown> {
  const configuration = workspace.getConfiguration(CONFIGURATION_SECTION);
  const settings = Object.fromEntries(
    ['enable', 'run', 'profile', 'rules', 'ignore', 'trustedRegistries', 'online', 'trust', 'debounceMs'].flatMap((key) => {
      const value = configuration.get(key);
      return value === undefined ? [] : [[key, value]];
    }),
  );
  return { ...settings, workspaceTrusted: workspace.isTrusted };
}

async function restart(languageClient: LanguageClient, outputChannel: LogOutputChannel): Promise<void> {
  outputChannel.info('Restarting the Bulwark language server');
  try {
    await languageClient.restart();
  } catch (error) {
    reportStartFailure(outputChannel, error);
  }
}

function reportStartFailure(outputChannel: LogOutputChannel, error: unknown): void {
  outputChannel.error('The Bulwark language server failed to start', error instanceof Error ? error : String(error));
  void window.showErrorMessage('Bulwark: the language server failed to start.', 'Show Output').then((choice) => {
    if (choice) outputChannel.show();
  });
}
