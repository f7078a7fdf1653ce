import { isError } from '@backstage/errors';

/**
 * The sentence a user sees when provisioning (or another operation, named by
 * `work`) fails: on the task page and as the store's status message. It never
 * carries more than the error's own message, which the node library keeps
 * free of secrets.
 */
export function failureMessage(
  error: unknown,
  signal?: AbortSignal,
  work: string = 'provisioning',
): string {
  const cancelled =
    work === 'provisioning'
      ? 'provisioning was cancelled before the store was ready'
      : `${work} was cancelled before it finished`;
  if (signal?.aborted) return cancelled;
  if (!isError(error)) return `${work} failed for an unknown reason`;
  switch (error.name) {
    case 'WaitTimeoutError':
      return `${work} timed out: ${error.message}`;
    case 'AbortError':
      return cancelled;
    default:
      return error.message;
  }
}
