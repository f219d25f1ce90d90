import { commands, ProgressLocation, window, workspace, type LogOutputChannel, type Memento } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { BulwarkStatus } from './status';
import { counted, duration, problems } from './words';

// The protocol of the server's workspace scan (server/workspace-scan.ts); the client does not import
// the server, so the shapes are restated here.
const SCAN_WORKSPACE_REQUEST = 'bulwark/scanWorkspace';
const SCAN_PROGRESS_NOTIFICATION = 'bulwark/scanProgress';

/** Whether the workspace's problems come from a scan: the scan is run again when the server restarts. */
const SCANNED_KEY = 'bulwark.scanned';

// VS Code keeps a progress notification on screen for 800 ms at least: the summary waits for it to
// go, so that the two never show together.
const PROGRESS_SHOWN_AT_LEAST_MS = 800;

interface ScanSummary {
  files: number;
  findings: { error: number; warning: number; info: number };
  durationMs: number;
  cancelled: boolean;
  unreadable?: { count: number; first: Array<{ uri: string; reason: string }> };
}

export interface ScanContext {
  client: LanguageClient;
  status: BulwarkStatus;
  outputChannel: LogOutputChannel;
  /** Where the workspace remembers that it was scanned (the extension's workspace state). */
  state: Memento;
}

/**
 * "Bulwark: Scan Workspace": asks the server to lint every file of the workspace folders, with a
 * cancellable progress notification, and sums up at the end. Resolves with the summary (undefined
 * when the scan could not run) without waiting for the user to answer the summary's notification,
 * so that callers of the command (tasks, other extensions) are not held up by it.
 *
 * The scan's results live in the server: a server that starts again (Restart Server, a reload of
 * the window) has none, so the client remembers that the workspace was scanned and scans it again
 * then (`rescan`), with the same cancellable progress and the summary in the output only.
 */
export async function scanWorkspace({ client, status, outputChannel, state }: ScanContext, { rescan = false } = {}): Promise<ScanSummary | undefined> {
  if (!client.isRunning()) {
    void window.showErrorMessage('Bulwark: the language server is not running.');
    return undefined;
  }
  const exclude = Object.entries(workspace.getConfiguration('files').get<Record<string, unknown>>('exclude') ?? {})
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
  status.scanProgress(0);
  const shownUntil = Date.now() + PROGRESS_SHOWN_AT_LEAST_MS;
  try {
    const title = rescan ? 'Bulwark: scanning the workspace again (the server restarted)' : 'Bulwark: scanning the workspace';
    const summary = await window.withProgress({ location: ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const listener = client.onNotification(SCAN_PROGRESS_NOTIFICATION, ({ scanned, current }: { scanned: number; current?: string }) => {
        status.scanProgress(scanned);
        progress.report({ message: `${counted(scanned, 'file')}${current ? `: ${current}` : ''}` });
      });
      try {
        return await client.sendRequest<ScanSummary>(SCAN_WORKSPACE_REQUEST, { exclude }, token);
      } finally {
        listener.dispose();
      }
    });
    // A scan stopped by the user is not run again by itself.
    await state.update(SCANNED_KEY, !summary.cancelled);
    const unreadable = summary.unreadable?.count ?? 0;
    const unread = unreadable === 0 ? '' : ` ${counted(unreadable, 'file or folder', 'files or folders')} could not be read (the Bulwark output names them).`;
    const message = `Bulwark ${summary.cancelled ? 'stopped after' : 'scanned'} ${counted(summary.files, 'file')} in ${duration(summary.durationMs)}: ${problems(summary.findings)}.${unread}`;
    outputChannel.info(message);
    for (const { uri, reason } of summary.unreadable?.first ?? []) outputChannel.warn(`Could not read ${uri}: ${reason}`);
    if (unreadable > (summary.unreadable?.first.length ?? 0)) outputChannel.warn(`…and ${unreadable - (summary.unreadable?.first.length ?? 0)} more.`);
    if (!rescan) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, shownUntil - Date.now())));
      void window.showInformationMessage(message, 'Show Problems').then((choice) => choice && commands.executeCommand('workbench.actions.view.problems'));
    }
    return summary;
  } catch (error) {
    outputChannel.error('The workspace scan failed', error instanceof Error ? error : String(error));
    void window.showErrorMessage('Bulwark: the workspace scan failed. The Bulwark output has the details.');
    return undefined;
  } finally {
    status.scanProgress(undefined);
  }
}

/** Whether a scan's results were shown before the server (re)started, so it is to be run again. */
export function wasScanned(state: Memento): boolean {
  return state.get<boolean>(SCANNED_KEY, false);
}
