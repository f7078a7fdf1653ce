import {
  V1PersistentVolumeClaim,
  V1ResourceQuota,
} from '@kubernetes/client-node';
import { applyObject } from '../kube/apply';
import { KubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import { buildResourceQuotaOf, SizedStore } from '../resources/namespace';
import { storeNamespace } from '../resources/names';
import { SIZE_PRESETS } from '../resources/sizes';
import { STORE_VOLUMES } from '../resources/storeVolumes';
import { formatQuantity, quantityValue } from '../operations/quantity';

const requested = (pvc: V1PersistentVolumeClaim) =>
  quantityValue(String(pvc.spec?.resources?.requests?.storage ?? '0'));

/**
 * The store's ResourceQuota for its size, given the claims in its namespace.
 * Volumes are made once and never shrink, so each of the store's volumes
 * counts at the larger of what it requests now and what the size gives it
 * (room for one still to be made, like the backup volume, or to grow into):
 * a store shrunk below volumes that grew keeps a quota they fit, and its
 * backup volume can still be made. Claims that are not the store's own get
 * no room.
 */
export function storeQuota(
  store: SizedStore,
  claims: V1PersistentVolumeClaim[],
): V1ResourceQuota {
  const quota = buildResourceQuotaOf(store);
  const preset = SIZE_PRESETS[store.size];
  const storage = STORE_VOLUMES.reduce((sum, { claim, part }) => {
    const pvc = claims.find(c => c.metadata?.name === claim);
    const wanted = quantityValue(preset.storage[part]);
    return sum + Math.max(pvc ? requested(pvc) : 0, wanted);
  }, 0);
  quota.spec!.hard = {
    ...quota.spec!.hard,
    'requests.storage': formatQuantity('requests.storage', storage),
    persistentvolumeclaims: String(STORE_VOLUMES.length),
  };
  return quota;
}

/** The claims in the store's namespace (none in a namespace just made). */
export async function listStoreClaims(
  clients: KubeClients,
  storeId: string,
  signal?: AbortSignal,
): Promise<V1PersistentVolumeClaim[]> {
  const namespace = storeNamespace(storeId);
  const list = await withRetry(
    `list PersistentVolumeClaims in ${namespace}`,
    () => clients.core.listNamespacedPersistentVolumeClaim({ namespace }),
    { signal },
  );
  return list.items;
}

/**
 * Applies the store's quota (see storeQuota), counting the claims its
 * namespace holds now: what provisioning and its retries apply.
 */
export async function applyStoreQuota(
  clients: KubeClients,
  store: SizedStore,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  const claims = await listStoreClaims(clients, store.storeId, options.signal);
  await applyObject(clients, storeQuota(store, claims), options);
}
