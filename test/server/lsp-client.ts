import { fork, spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
// vscode-languageserver re-exports vscode-jsonrpc/node and the protocol types: importing them from
// the server's own dependency keeps the test on the same versions the server speaks.
import {
  createMessageConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type FileEvent,
  type InitializeResult,
  type Registration,
  type LogMessageParams,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';

/** The real executable, from out/test/server/ where this file is compiled. */
const SERVER_BINARY = path.resolve(__dirname, '..', '..', '..', 'bin', 'bulwark-language-server.js');

/** Long enough for a slow CI machine; only reached when an expected message never comes. */
const WAIT_TIMEOUT_MS = 10_000;

export type Transport = 'stdio' | 'node-ipc';

export interface StartOptions {
  transport?: Transport;
  initializationOptions?: unknown;
  /** The workspace folders (URIs) the client announces; none by default. */
  workspaceFolders?: string[];
  /** The client's capabilities (none by default). */
  capabilities?: ClientCapabilities;
  /** Advertise dynamic registration of file watchers, as VS Code does. */
  watchFiles?: boolean;
}

interface Waiter {
  matches(params: PublishDiagnosticsParams): boolean;
  resolve(params: PublishDiagnosticsParams): void;
}

/** A minimal LSP client that drives the real server binary in a child process. */
export class LspTestClient {
  /** Every publishDiagnostics notification received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logMessages: LogMessageParams[] = [];
  /** Every capability the server registered dynamically (`client/registerCapability`: a file watcher, ...). */
  readonly registrations: Registration[] = [];
  private registered: () => void = () => undefined;
  /** Resolves with the exit code when the server process ends. */
  readonly exitCode: Promise<number | null>;
  private readonly rawOutput: Buffer[] = [];
  private readonly waiters: Waiter[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    this.exitCode = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    // A second listener sees the same bytes as the message reader: everything the server writes.
    child.stdout?.on('data', (chunk: Buffer) => this.rawOutput.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.rawOutput.push(chunk));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => this.receive(params));
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
      this.registered();
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      this.logMessages.push(params);
    });
    connection.listen();
  }

  /** The server's process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Starts the server and completes the initialize handshake. */
  static async start(options: StartOptions = {}): Promise<{ client: LspTestClient; initializeResult: InitializeResult }> {
    const client = options.transport === 'node-ipc' ? LspTestClient.forkOverIpc() : LspTestClient.spawnOverStdio();
    const initializeResult = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: options.workspaceFolders?.map((uri) => ({ uri, name: uri.slice(uri.lastIndexOf('/') + 1) })) ?? null,
      capabilities: options.capabilities ?? (options.watchFiles ? { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } : {}),
      initializationOptions: options.initializationOptions,
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return { client, initializeResult };
  }

  private static spawnOverStdio(): LspTestClient {
    const child = spawn(process.execPath, [SERVER_BINARY, '--stdio'], { stdio: 'pipe' });
    return new LspTestClient(child, createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)));
  }

  private static forkOverIpc(): LspTestClient {
    const child = fork(SERVER_BINARY, ['--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
    return new LspTestClient(child, createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child)));
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  /** Resolves with the server's registration of `method`, once it has made it. */
  async waitForRegistration(method: string): Promise<Registration> {
    for (;;) {
      const found = this.registrations.find((registration) => registration.method === method);
      if (found) return found;
      await new Promise<void>((resolve) => (this.registered = resolve));
    }
  }

  /** Tells the server files changed on disk, as a client's file watcher does. */
  filesChanged(changes: FileEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  save(uri: string): Promise<void> {
    return this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Sends changed settings the way VS Code does for `synchronize.configurationSection: 'bulwark'`. */
  configure(bulwarkSettings: unknown): Promise<void> {
    return this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { bulwark: bulwarkSettings } });
  }

  /**
   * The first diagnostics for `uri` (and `version`, and matching `where`, when given) among those
   * published from index `since` on, waiting for them (at most `timeoutMs`) if they have not arrived yet.
   */
  waitForDiagnostics(
    uri: string,
    { version, since = 0, where = () => true, timeoutMs = WAIT_TIMEOUT_MS }: { version?: number; since?: number; where?: (params: PublishDiagnosticsParams) => boolean; timeoutMs?: number } = {},
  ): Promise<PublishDiagnosticsParams> {
    const matches = (params: PublishDiagnosticsParams) => params.uri === uri && (version === undefined || params.version === version) && where(params);
    const arrived = this.published.slice(since).find(matches);
    if (arrived) return Promise.resolve(arrived);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches,
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        const received = this.published.map((params) => `${params.uri}@${params.version}`).join(', ');
        reject(new Error(`no diagnostics for ${uri}${version === undefined ? '' : ` version ${version}`}; received: ${received || 'none'}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The diagnostics published so far for one document, in order. */
  publishedFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((params) => params.uri === uri);
  }

  /** Everything the server wrote on its stdout and stderr (over stdio: every LSP message). */
  output(): string {
    return Buffer.concat(this.rawOutput).toString('utf8');
  }

  /** The orderly end of a session: shutdown, exit, and the process's exit code. */
  async shutdownAndExit(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.exitCode;
    this.connection.dispose();
    return code;
  }

  /** Ends the server if a test left it running. */
  dispose(): void {
    this.connection.dispose();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }

  private receive(params: PublishDiagnosticsParams): void {
    this.published.push(params);
    for (const waiter of this.waiters.filter((candidate) => candidate.matches(params))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(params);
    }
  }
}
