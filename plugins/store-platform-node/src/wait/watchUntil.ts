import { KubeConfig, Watch } from '@kubernetes/client-node';
import { ProvisioningAbortedError } from '../errors';
import { httpStatusOf, isTransient, toKubernetesApiError } from '../kube/apiErrors';
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

class WatchExpired extends Error {}

/**
 * Lists `source`, then watches it from the list's resourceVersion, calling
 * `onEvent` with every object state until it returns a value, which is then
 * returned. Expired watches (410 Gone) re-list; closed watches resume; the
 * signal stops everything.
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
  let failures = 0;
  for (;;) {
    if (signal.aborted) throw new ProvisioningAbortedError(`watching ${source.description}`);
    let resourceVersion: string | undefined;
    try {
      const list = await source.list();
      failures = 0;
      for (const item of list.items) {
        const result = onEvent('ADDED', item);
        if (result !== undefined) return result;
      }
      const synced = onSynced?.(list.items);
      if (synced !== undefined) return synced;
      resourceVersion = list.metadata?.resourceVersion;
    } catch (error) {
      if (signal.aborted) throw new ProvisioningAbortedError(`watching ${source.description}`);
      if (!isTransient(error) || ++failures > 5) throw toKubernetesApiError(`list ${source.description}`, error);
      await sleep(200 * 2 ** failures, signal, `watching ${source.description}`);
      continue;
    }

    // Follow the watch until a result, an expiry (re-list) or an error.
    for (;;) {
      type Outcome = { result?: R; expired?: boolean; closed?: boolean };
      const outcome: Outcome = await new Promise<Outcome>(
        (resolve, reject) => {
          let controller: AbortController | undefined;
          let settled = false;
          const settle = (fn: () => void) => {
            if (settled) return;
            settled = true;
            signal.removeEventListener('abort', onAbort);
            controller?.abort();
            fn();
          };
          const onAbort = () =>
            settle(() => reject(new ProvisioningAbortedError(`watching ${source.description}`)));
          signal.addEventListener('abort', onAbort, { once: true });
          watch
            .watch(
              source.path,
              {
                allowWatchBookmarks: true,
                resourceVersion,
                fieldSelector: source.fieldSelector,
                labelSelector: source.labelSelector,
                timeoutSeconds: WATCH_TIMEOUT_SECONDS,
              },
              (type, obj) => {
                if (settled) return;
                if (type === 'ERROR') {
                  if (obj?.code === 410) settle(() => resolve({ expired: true }));
                  else settle(() => reject(new WatchExpired(obj?.message ?? 'watch error')));
                  return;
                }
                if (obj?.metadata?.resourceVersion) resourceVersion = obj.metadata.resourceVersion;
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
                else if (httpStatusOf(err) === 410) settle(() => resolve({ expired: true }));
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
        },
      ).catch(async (error): Promise<Outcome> => {
        if (error instanceof ProvisioningAbortedError) throw error;
        if (error instanceof WatchExpired || isTransient(error)) {
          if (++failures > 5) throw toKubernetesApiError(`watch ${source.description}`, error);
          await sleep(200 * 2 ** failures, signal, `watching ${source.description}`);
          return { expired: true };
        }
        if (httpStatusOf(error) !== undefined || (error as any)?.code) {
          throw toKubernetesApiError(`watch ${source.description}`, error);
        }
        throw error;
      });
      if (outcome.result !== undefined) return outcome.result;
      if (outcome.expired) break; // re-list
      // closed by the server: resume from the last version seen
    }
  }
}
