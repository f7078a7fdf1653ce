import { isNotFound } from './apiErrors';
import { KubeClients } from './clients';
import { withRetry } from './retry';

/**
 * Deletes a Job, retrying transient failures; a Job already gone is fine.
 * `Foreground` waits for its pods to go first (replacing a Job by the same
 * name); `Background` lets them follow through owner references.
 */
export async function deleteJob(
  clients: KubeClients,
  job: { namespace: string; name: string },
  options: {
    propagationPolicy: 'Foreground' | 'Background';
    /** Aborts the work (e.g. the scaffolder task was cancelled). */
    signal?: AbortSignal;
  },
): Promise<void> {
  const { namespace, name } = job;
  await withRetry(
    `delete Job ${namespace}/${name}`,
    () =>
      clients.batch
        .deleteNamespacedJob({
          name,
          namespace,
          propagationPolicy: options.propagationPolicy,
        })
        .catch(e => (isNotFound(e) ? undefined : Promise.reject(e))),
    { signal: options.signal },
  );
}
