import { ProvisioningAbortedError } from '../errors';
import { isTransient, retryAfterMs, toKubernetesApiError } from './apiErrors';

/**
 * Options of {@link withRetry}.
 *
 * @public
 */
export interface RetryOptions {
  /** Aborts the work (e.g. the scaffolder task was cancelled). */
  signal?: AbortSignal;
  /** Total attempts, first included. */
  attempts?: number;
  /** First backoff; doubles each attempt, with jitter, up to maxDelayMs. */
  baseDelayMs?: number;
  /** The longest pause between two tries. */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<Omit<RetryOptions, 'signal'>> = {
  attempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
};

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(
  ms: number,
  signal?: AbortSignal,
  what = 'waiting',
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ProvisioningAbortedError(what));
      return;
    }
    let timer: NodeJS.Timeout | undefined = undefined;
    function onAbort() {
      clearTimeout(timer);
      reject(new ProvisioningAbortedError(what));
    }
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs one Kubernetes API call, retrying transient failures (429, 5xx,
 * connection reset, timeout) with bounded exponential backoff. Any other
 * failure, or the last transient one, becomes a KubernetesApiError for `action`.
 *
 * @public
 */
export async function withRetry<T>(
  action: string,
  call: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { attempts, baseDelayMs, maxDelayMs } = {
    ...DEFAULT_RETRY,
    ...options,
  };
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw new ProvisioningAbortedError(action);
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error) || attempt >= attempts) {
        throw toKubernetesApiError(action, error);
      }
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const delay =
        retryAfterMs(error) ?? backoff / 2 + Math.random() * (backoff / 2);
      await sleep(Math.min(delay, maxDelayMs), options.signal, action);
    }
  }
}
