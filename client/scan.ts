import { commands, ProgressLocation, window, workspace, type LogOutputChannel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { BulwarkStatus } from './status';

// The protocol of the server's workspace scan (server/workspace-scan.ts); the client does not import
// the server, so the shapes are restated here.
const SCAN_WORKSPACE_REQUEST = 'bulwark/scanWorkspace';
const SCAN_PROGRESS_NOTIFICATION = 'bulwark/scanProgress';

interface ScanSummary {
  files: number;
  findings: { error: number; warning: number; info: number };
  durationMs: number;
  cancelled: boolean;
  unreadable?: { count: number; first: Array<{ uri: string; reason: string }> };
}

/**
 * "Bulwark: Scan Workspace": asks the server to lint every file of the workspace folders, with a
 * cancellable progress notification, and sums up at the end. Resolves with the summary (undefined
 * when the scan could not run) without waiting for the user to answer the summary's notification,
 * so that callers of the command (tasks, other extensions) are not held up by it.
 */
export async function scanWorkspace(client: LanguageClient, status: BulwarkStatus, outputChannel: LogOutputChannel): Promise<ScanSummary | undefined> {
  if (!client.isRunning()) {
    void window.showErrorMessage('Bulwark: the language server is not running.');
    return undefined;
  }
  const exclude = Object.entries(workspace.getConfiguration('files').get<Record<string, unknown>>('exclude') ?? {})
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
  status.scanProgress(0);
  try {
    const summary = await window.withProgress({ location: ProgressLocation.Notification, title: 'Bulwark: scanning the workspace', cancellable: true }, async (progress, token) => {
      const listener = client.onNotification(SCAN_PROGRESS_NOTIFICATION, ({ scanned, current }: { scanned: number; current?: string }) => {
        status.scanProgress(scanned);
        progress.report({ message: `${scanned} files${current ? `: ${current}` : ''}` });
      });
      try {
        return await client.sendRequest<ScanSummary>(SCAN_WORKSPACE_REQUEST, { exclude }, token);
      } finally {
        listener.dispose();
      }
    });
    const { error, warning, info } = summary.findings;
    const unreadable = summary.unreadable?.count ?? 0;
    const unread = unreadable === 0 ? '' : ` ${unreadable} file${unreadable === 1 ? '' : 's'} or folder${unreadable === 1 ? '' : 's'} could not be read (the Bulwark output names them).`;
    const message = `Bulwark ${summary.cancelled ? 'stopped after' : 'scanned'} ${summary.files} file${summary.files === 1 ? '' : 's'} in ${(summary.durationMs / 1000).toFixed(1)} s: ${error} errors, ${warning} warnings, ${info} infos.${unread}`;
    outputChannel.info(message);
    for (const { uri, reason } of summary.unreadable?.first ?? []) outputChannel.warn(`Could not read ${uri}: ${reason}`);
    if (unreadable > (summary.unreadable?.first.length ?? 0)) outputChannel.warn(`…and ${unreadable - (summary.unreadable?.first.length ?? 0)} more.`);
    void window.showInformationMessage(message, 'Show Problems').then((choice) => choice && commands.executeCommand('workbench.actions.view.problems'));
    return summary;
  } catch (error) {
    outputChannel.error('The workspace scan failed', error instanceof Error ? error : String(error));
    void window.showErrorMessage('Bulwark: the workspace scan failed. The Bulwark output has the details.');
    return undefined;
  } finally {
    status.scanProgress(undefined);
  }
}
