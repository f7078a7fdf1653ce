import { V1ResourceQuota } from '@kubernetes/client-node';
import { WaitTimeoutError } from '../errors';
import { KubeClients } from '../kube/clients';
import { sleep, withRetry } from '../kube/retry';
import { quantityValue } from '../operations/quantity';

/** Keys of `spec.hard` whose limit the quota controller has not yet copied to `status.hard`. */
export function quotaKeysNotEnforced(quota: V1ResourceQuota): string[] {
  const wanted = quota.spec?.hard ?? {};
  const enforced = quota.status?.hard ?? {};
  return Object.keys(wanted).filter(
    key =>
      enforced[key] === undefined ||
      quantityValue(enforced[key]) !== quantityValue(wanted[key]),
  );
}

/**
 * Waits until a just-updated ResourceQuota is the one admission checks. The
 * API server admits against `status.hard`, which kube-controller-manager's
 * quota controller copies from `spec.hard` some moments after an update; a
 * larger PersistentVolumeClaim asked for in between is refused as
 * "exceeded quota" although the new quota allows it.
 */
export async function waitForQuotaEnforced(
  clients: KubeClients,
  namespace: string,
  name: string,
  options: { signal?: AbortSignal; timeoutMs?: number; pollMs?: number } = {},
): Promise<void> {
  const { signal, timeoutMs = 30_000, pollMs = 200 } = options;
  const target = `ResourceQuota ${namespace}/${name} to be enforced (status.hard = spec.hard)`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const quota = await withRetry(
      `read ResourceQuota ${namespace}/${name}`,
      () => clients.core.readNamespacedResourceQuota({ name, namespace }),
      { signal },
    );
    const pending = quotaKeysNotEnforced(quota);
    if (pending.length === 0) return;
    if (Date.now() >= deadline) {
      throw new WaitTimeoutError(
        target,
        timeoutMs,
        `not yet enforced: ${pending.join(', ')}`,
      );
    }
    await sleep(pollMs, signal, target);
  }
}
