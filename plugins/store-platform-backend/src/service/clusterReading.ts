import { Store } from '@store-platform/plugin-store-platform-common';
import { ClusterHealthView } from '../cluster/StoreClusters';

/**
 * Adds `clusterUnreachable` to a store whose cluster does not answer now (as
 * this replica last saw it), so the API and the card say so; the store's
 * status is left alone: the store is most likely fine, only out of reach.
 */
export function withClusterReading(
  store: Store,
  health: ClusterHealthView | undefined,
): Store {
  const message = store.cluster
    ? health?.unreachable(store.cluster)
    : undefined;
  return message ? { ...store, clusterUnreachable: message } : store;
}
