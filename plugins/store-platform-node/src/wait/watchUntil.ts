import { KubeConfig, Watch } from '@kubernetes/client-node';
import { ProvisioningAbortedError } from '../errors';
import {
  httpStatusOf,
  isTransient,
  toKubernetesApiError,
} from '../kube/apiErrors';
import { sleep } from '../kube/retry';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A collection to follow: how to list it and where to watch it. */
export interface WatchSource<T> {
  /** What is watched, for error messages, e.g. `pods in store-shop`. */
  description: string;
  /** Watch path, e.g. `/apis/apps/v1/namespaces/store-shop/statefulsets`. */
  path: string;
  fieldSelector?: string;
  labelSelector?: string;
  /** The same collection, listed with the same selectors. */
  list(): Promise<{ items: T[]; metadata?: { resourceVersion?: string } }>;
}

/** Server-side watch timeout; the watch is then resumed from the last version seen. */
const WATCH_TIMEOUT_SECONDS = 240;
/** Consecutive transient failures tolerated before giving up. */
const MAX_FAILURES = 5;

class WatchStreamError extends Error {}

type Outcome<R> = { result: R } | { expired: true } | { closed: true };

/** Follows one watch connection until a result, an expiry, a close or an error. */
function followWatch<T, R>(
  watch: Watch,
  source: WatchSource<T>,
  cursor: { resourceVersion?: string },
  onEvent: (type: WatchEventType, obj: T) => R | undefined,
  signal: AbortSignal,
): Promise<Outcome<R>> {
  return new Promise<Outcome<R>>((resolve, reject) => {
    let controller: AbortController | undefined;
    let settled = false;
    function settle(fn: () => void) {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      controller?.abort();
      fn();
    }
    function onAbort() {
      settle(() =>
        reject(new ProvisioningAbortedError(`watching ${source.description}`)),
      );
    }
    signal.addEventListener('abort', onAbort, { once: true });
    watch
      .watch(
        source.path,
        {
          allowWatchBookmarks: true,
          resourceVersion: cursor.resourceVersion,
          fieldSelector: source.fieldSelector,
          labelSelector: source.labelSelector,
          timeoutSeconds: WATCH_TIMEOUT_SECONDS,
        },
        (type, obj) => {
          if (settled) return;
          if (type === 'ERROR') {
            if (obj?.code === 410) settle(() => resolve({ expired: true }));
            else
              settle(() =>
                reject(new WatchStreamError(obj?.message ?? 'watch error')),
              );
            return;
          }
          if (obj?.metadata?.resourceVersion)
            cursor.resourceVersion = obj.metadata.resourceVersion;
          if (type === 'BOOKMARK') return;
          try {
            const result = onEvent(type as WatchEventType, obj as T);
            if (result !== undefined) settle(() => resolve({ result }));
          } catch (error) {
            settle(() => reject(error));
          }
        },
        err => {
          if (!err) settle(() => resolve({ closed: true }));
          else if (httpStatusOf(err) === 410)
            settle(() => resolve({ expired: true }));
          else settle(() => reject(err));
        },
      )
      .then(
        c => {
          controller = c;
          if (settled) c.abort();
        },
        err => settle(() => reject(err)),
      );
  });
}

/**
 * Lists `source`, then watches it from the list's resourceVersion, calling
 * `onEvent` with every object state until it returns a value, which is then
 * returned. Expired watches (410 Gone) re-list; closed watches resume from the
 * last version seen; transient failures back off; the signal stops everything.
 */
export async function watchUntil<T, R>(
  kubeConfig: KubeConfig,
  source: WatchSource<T>,
  onEvent: (type: WatchEventType, obj: T) => R | undefined,
  signal: AbortSignal,
  /** Called after each (re-)list has been replayed; may end the wait, e.g. when nothing is left. */
  onSynced?: (items: T[]) => R | undefined,
): Promise<R> {
  const watch = new Watch(kubeConfig);
  const what = `watching ${source.description}`;
  let failures = 0;
  let needList = true;
  const cursor: { resourceVersion?: string } = {};
  for (;;) {
    if (signal.aborted) throw new ProvisioningAbortedError(what);
    try {
      if (needList) {
        const list = await source.list();
        for (const item of list.items) {
          const result = onEvent('ADDED', item);
          if (result !== undefined) return result;
        }
        const synced = onSynced?.(list.items);
        if (synced !== undefined) return synced;
        cursor.resourceVersion = list.metadata?.resourceVersion;
        needList = false;
      }
      const outcome = await followWatch(watch, source, cursor, onEvent, signal);
      if ('result' in outcome) return outcome.result;
      failures = 0;
      // expired: re-list; closed by the server: resume from the last version seen
      needList = 'expired' in outcome;
    } catch (error) {
      if (signal.aborted || error instanceof ProvisioningAbortedError)
        throw new ProvisioningAbortedError(what);
      const retryable = error instanceof WatchStreamError || isTransient(error);
      if (!retryable) {
        if (httpStatusOf(error) !== undefined)
          throw toKubernetesApiError(what, error);
        throw error;
      }
      failures += 1;
      if (failures > MAX_FAILURES) throw toKubernetesApiError(what, error);
      needList = true;
      await sleep(200 * 2 ** failures, signal, what);
    }
  }
}
