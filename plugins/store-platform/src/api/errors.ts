/**
 * True for the backend's 404, i.e. the store no longer exists. Checks the
 * name and status code rather than `instanceof`, which breaks when two copies
 * of @backstage/errors are bundled.
 */
export function isNotFoundError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'ResponseError' &&
    (error as { statusCode?: unknown }).statusCode === 404
  );
}

/**
 * The most useful sentence about an error: for a backend error, the server's
 * own message (ResponseError's message only names the status code).
 */
export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const cause = (error as { cause?: { message?: unknown } }).cause;
    if (
      (error as { name?: unknown }).name === 'ResponseError' &&
      typeof cause?.message === 'string' &&
      cause.message
    ) {
      return cause.message;
    }
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return String(error);
}
