import { isError } from '@backstage/errors';

/**
 * The sentence a user sees when provisioning fails: on the task page and as
 * the store's status message. It never carries more than the error's own
 * message, which the node library keeps free of secrets.
 */
export function failureMessage(error: unknown, signal?: AbortSignal): string {
  if (signal?.aborted) {
    return 'provisioning was cancelled before the store was ready';
  }
  if (!isError(error)) return 'provisioning failed for an unknown reason';
  switch (error.name) {
    case 'WaitTimeoutError':
      return `provisioning timed out: ${error.message}`;
    case 'AbortError':
      return 'provisioning was cancelled before the store was ready';
    default:
      return error.message;
  }
}
