import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';

/**
 * Publishes diagnostics with backpressure: one publication per document is in flight at a time,
 * and while it is, only the document's latest diagnostics wait (a newer lint replaces them). A
 * client that reads its input slowly, or not at all, then holds the server to one waiting message
 * per document, not one per lint.
 */
export class DiagnosticsPublisher {
  private readonly inFlight = new Set<string>();
  private readonly waiting = new Map<string, PublishDiagnosticsParams>();

  constructor(
    private readonly send: (params: PublishDiagnosticsParams) => Promise<void>,
    private readonly failed: (params: PublishDiagnosticsParams, error: unknown) => void,
  ) {}

  publish(params: PublishDiagnosticsParams): void {
    if (this.inFlight.has(params.uri)) {
      this.waiting.set(params.uri, params);
      return;
    }
    this.inFlight.add(params.uri);
    this.send(params)
      .catch((error: unknown) => this.failed(params, error))
      .finally(() => {
        this.inFlight.delete(params.uri);
        const next = this.waiting.get(params.uri);
        if (next === undefined) return;
        this.waiting.delete(params.uri);
        this.publish(next);
      });
  }

  /** Messages waiting behind one in flight: at most one per document. */
  get waitingCount(): number {
    return this.waiting.size;
  }
}
