/** A lookup that failed for a reason a person can act on; its message is shown in the diagnostic. */
export class LookupError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LookupError';
  }
}

/** Why a request failed, in words: offline, refused, timed out... */
export function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof LookupError) return error.message;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms (timeout)`;
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  switch (cause?.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the registry host could not be found (offline, or a wrong name)';
    case 'ECONNREFUSED':
      return 'the registry refused the connection (nothing listens there)';
    case 'ECONNRESET':
      return 'the connection was reset';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the registry's TLS certificate is not valid (${cause.code})`;
  }
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `the request failed: ${message}`;
}

/** What an HTTP status means for a lookup. */
export function statusFailure(status: number, what: string, registry: string): LookupError {
  switch (status) {
    case 401:
      return new LookupError(`the registry refused access (401); log in to ${registry} (docker login) if the image is private`, status);
    case 403:
      return new LookupError(`the registry denied access (403) to ${what}`, status);
    case 404:
      return new LookupError(`not found (404): ${what}`, status);
    case 429:
      return new LookupError('the registry answered "too many requests" (429) after retries', status);
    default:
      return new LookupError(`the registry answered ${status} for ${what}`, status);
  }
}
