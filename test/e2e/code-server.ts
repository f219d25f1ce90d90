/**
 * A real VS Code for the tests: code-server (VS Code 1.100.3 with a node extension host) in a
 * throw-away profile, and headless chromium showing its workbench. Everything code-server, its
 * extension host and chromium write goes to the session's temp folder, and no network call leaves
 * the machine (no telemetry, no update check, no extension gallery).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CODE_SERVER } from './setup';

// Without these a walkthrough tab steals the focus and a modal trust dialog blocks every click.
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.title': 'bulwark-e2e',
};

const START_TIMEOUT_MS = 60_000;

export class CodeServerSession {
  readonly base = mkdtempSync(path.join(tmpdir(), 'bulwark-e2e-'));
  /** The workspace folder the tests open; fill it before `start`. */
  readonly workspace = path.join(this.base, 'workspace');
  private readonly userData = path.join(this.base, 'user-data');
  private readonly extensions = path.join(this.base, 'extensions');
  private readonly env: NodeJS.ProcessEnv;
  private server?: ChildProcess;
  private browser?: Browser;
  /** code-server's and the extension host's output, for failure messages. */
  log = '';
  url = '';

  constructor() {
    mkdirSync(path.join(this.userData, 'User'), { recursive: true });
    mkdirSync(this.workspace);
    writeFileSync(path.join(this.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    const xdg = path.join(this.base, 'xdg');
    mkdirSync(path.join(xdg, 'tmp'), { recursive: true });
    this.env = {
      ...process.env,
      XDG_CONFIG_HOME: path.join(xdg, 'config'),
      XDG_DATA_HOME: path.join(xdg, 'data'),
      XDG_CACHE_HOME: path.join(xdg, 'cache'),
      TMPDIR: path.join(xdg, 'tmp'),
      // No serviceUrl: the extension gallery (Open VSX by default) is off.
      EXTENSIONS_GALLERY: '{}',
    };
  }

  private get profileArgs(): string[] {
    return ['--user-data-dir', this.userData, '--extensions-dir', this.extensions];
  }

  /** `code-server --install-extension`, as a user installs a downloaded .vsix; returns the installed extension ids. */
  installExtension(vsix: string): string[] {
    execFileSync(CODE_SERVER, [...this.profileArgs, '--install-extension', vsix, '--force'], { env: this.env, stdio: 'pipe' });
    return execFileSync(CODE_SERVER, [...this.profileArgs, '--list-extensions'], { env: this.env, encoding: 'utf8' }).split('\n').filter(Boolean);
  }

  async start(): Promise<void> {
    const server = spawn(
      CODE_SERVER,
      [
        ...this.profileArgs,
        ...['--bind-addr', '127.0.0.1:0', '--auth', 'none', '--ignore-last-opened'],
        ...['--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
      ],
      // Its own process group, so that stopping it also stops the extension host and the language server.
      { env: this.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    this.server = server;
    server.stderr!.on('data', (chunk: Buffer) => (this.log += chunk));
    this.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not start within ${START_TIMEOUT_MS / 1000} s:\n${this.log}`)), START_TIMEOUT_MS);
      server.stdout!.on('data', (chunk: Buffer) => {
        this.log += chunk;
        const listening = /HTTP server listening on (http:\/\/\S+)/.exec(this.log);
        if (listening) {
          clearTimeout(timer);
          resolve(listening[1].replace(/\/$/, ''));
        }
      });
      server.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited with ${code}:\n${this.log}`));
      });
    });
  }

  /** A `vscode-remote://` URI of a path on this machine, as the workbench's payload takes it. */
  remoteUri(fsPath: string): string {
    return `vscode-remote://${new URL(this.url).host}${fsPath}`;
  }

  /** A browser page on the workbench with the workspace open; `payload` as @vscode/test-web passes it. */
  async openWorkbench(options: { payload?: Array<[string, string]>; beforeLoad?: (page: Page) => Promise<void> } = {}): Promise<Page> {
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Chromium too writes into the home folder otherwise.
      env: this.env as Record<string, string>,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await this.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await options.beforeLoad?.(page);
    const payload = options.payload ? `&payload=${encodeURIComponent(JSON.stringify(options.payload))}` : '';
    await page.goto(`${this.url}/?folder=${encodeURIComponent(this.workspace)}${payload}`);
    return page;
  }

  async dispose(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    const server = this.server;
    if (server && server.exitCode === null && server.pid !== undefined) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    }
    rmSync(this.base, { recursive: true, force: true });
  }
}
