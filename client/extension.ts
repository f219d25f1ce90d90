/**
 * The VS Code side of Bulwark: starts the bundled language server and adds what only the editor
 * can (commands, the output channel, settings plumbing). All linting happens in the server.
 */
import { commands, ExtensionContext, LogOutputChannel, window, workspace } from 'vscode';
import { DocumentFilter, LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

const CONFIGURATION_SECTION = 'bulwark';
const DEFAULT_DEBOUNCE_MS = 200;

// Languages assigned by VS Code's built-in docker and yaml extensions.
const LANGUAGES = ['dockerfile', 'dockercompose'];

// Files the built-in language detection may miss: compose files opened as plain `yaml`,
// and Dockerfiles/Containerfiles with suffixes or extensions.
const FILE_PATTERNS = [
  '**/{compose,docker-compose}.{yml,yaml}',
  '**/{compose,docker-compose}.*.{yml,yaml}',
  '**/{Dockerfile,Containerfile}',
  '**/{Dockerfile,Containerfile}.*',
  '**/*.{dockerfile,Dockerfile,containerfile,Containerfile}',
];

// `file` and `untitled` only: other schemes (git:, diff views, virtual file systems) would lint
// historic or remote copies and duplicate the problems of the file on disk.
const DOCUMENT_SELECTOR: DocumentFilter[] = [
  ...LANGUAGES.flatMap((language) => ['file', 'untitled'].map((scheme) => ({ scheme, language }))),
  ...FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
];

/** What the server receives as `initializationOptions`; later changes arrive as `workspace/didChangeConfiguration`. */
interface BulwarkInitializationOptions {
  rules: Record<string, 'off' | 'info' | 'warning' | 'error'>;
  debounceMs: number;
  trustedRegistries: string[];
}

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const outputChannel = window.createOutputChannel('Bulwark', { log: true });
  context.subscriptions.push(outputChannel);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel,
    // A function, so that a restart picks up the current settings.
    initializationOptions: readInitializationOptions,
    synchronize: { configurationSection: CONFIGURATION_SECTION },
  };
  const languageClient = new LanguageClient('bulwark', 'Bulwark', serverOptions, clientOptions);
  client = languageClient;

  // Commands are registered before the server starts so that a server that fails to start can
  // still be inspected and restarted.
  context.subscriptions.push(
    commands.registerCommand('bulwark.showOutput', () => outputChannel.show()),
    commands.registerCommand('bulwark.restartServer', () => restart(languageClient, outputChannel)),
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

function readInitializationOptions(): BulwarkInitializationOptions {
  const configuration = workspace.getConfiguration(CONFIGURATION_SECTION);
  return {
    rules: configuration.get('rules', {}),
    debounceMs: configuration.get('debounceMs', DEFAULT_DEBOUNCE_MS),
    trustedRegistries: configuration.get('trustedRegistries', []),
  };
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
