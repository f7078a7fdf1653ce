import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { storePlatformApiRef } from '../../api';

/**
 * What the card shows beside the store record, read from the cluster through
 * the backend: the namespace's Warning events and the backups. Read again
 * whenever `version` changes (the store's updatedAt), so they follow each
 * operation without polling the cluster on their own. Each may fail alone.
 */
export function useStoreReadings(storeId: string, version: string) {
  const api = useApi(storePlatformApiRef);
  const kubernetesEvents = useAsyncRetry(
    () => api.getKubernetesEvents(storeId),
    // version: re-read when the store changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, storeId, version],
  );
  const backups = useAsyncRetry(
    () => api.listBackups(storeId),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, storeId, version],
  );
  return { kubernetesEvents, backups };
}
