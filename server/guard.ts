/** Where the server reports what went wrong: the client's log. */
export type ErrorLogger = (message: string) => void;

/**
 * Describes an exception by its class and stack frames only. Its message is left out on purpose:
 * parser messages quote the document, and a document may hold secrets.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `a thrown ${typeof error}`;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return [error.name, ...frames].join('\n');
}

/** Wraps an event handler so that an exception becomes a log line instead of a dead server. */
export function guard<Args extends unknown[]>(logError: ErrorLogger, what: string, handler: (...args: Args) => void): (...args: Args) => void {
  return (...args) => {
    try {
      handler(...args);
    } catch (error) {
      logError(`Bulwark failed while ${what}: ${describeError(error)}`);
    }
  };
}
