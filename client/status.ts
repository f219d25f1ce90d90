import { languages, StatusBarAlignment, window, type Disposable, type StatusBarItem } from 'vscode';
import { counted } from './words';

/** How long diagnostics must settle before the count is taken again (a scan changes thousands). */
const RECOUNT_DELAY_MS = 250;

/**
 * The status bar item: idle, scanning (with a count), the number of Bulwark problems, or a server
 * error. A click opens the Problems panel, or the output channel when the server is down.
 */
export class BulwarkStatus implements Disposable {
  private readonly item: StatusBarItem;
  private readonly diagnosticsListener: Disposable;
  private recount?: NodeJS.Timeout;
  private running = false;
  private scanning?: number;

  constructor() {
    this.item = window.createStatusBarItem('bulwark.status', StatusBarAlignment.Right, 100);
    this.item.name = 'Bulwark';
    this.diagnosticsListener = languages.onDidChangeDiagnostics(() => {
      clearTimeout(this.recount);
      this.recount = setTimeout(() => this.render(), RECOUNT_DELAY_MS);
    });
    this.render();
    this.item.show();
  }

  serverRunning(running: boolean): void {
    this.running = running;
    this.render();
  }

  /** The scan's progress (files linted so far), or undefined when no scan runs. */
  scanProgress(scanned: number | undefined): void {
    this.scanning = scanned;
    this.render();
  }

  dispose(): void {
    clearTimeout(this.recount);
    this.diagnosticsListener.dispose();
    this.item.dispose();
  }

  private render(): void {
    if (!this.running) {
      this.item.text = '$(error) Bulwark';
      this.item.tooltip = 'The Bulwark language server is not running. Click to see its output.';
      this.item.command = 'bulwark.showOutput';
      return;
    }
    this.item.command = 'workbench.actions.view.problems';
    if (this.scanning !== undefined) {
      this.item.text = `$(sync~spin) Bulwark: scanning (${counted(this.scanning, 'file')})`;
      this.item.tooltip = 'Bulwark is scanning the workspace.';
      return;
    }
    const count = countBulwarkProblems();
    this.item.text = count === 0 ? '$(shield) Bulwark' : `$(shield) Bulwark: ${count}`;
    this.item.tooltip = count === 0 ? 'Bulwark found no problem in the checked files.' : `Bulwark found ${counted(count, 'problem')}. Click to open the Problems panel.`;
  }
}

function countBulwarkProblems(): number {
  let count = 0;
  for (const [, diagnostics] of languages.getDiagnostics()) for (const diagnostic of diagnostics) if (diagnostic.source === 'bulwark') count++;
  return count;
}
