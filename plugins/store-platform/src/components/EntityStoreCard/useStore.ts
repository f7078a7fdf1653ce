import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { useApi } from '@backstage/core-plugin-api';
import {
  isSettled,
  Store,
  StoreEvent,
} from '@store-platform/plugin-store-platform-common';
import { storePlatformApiRef } from '../../api';

/** How often the card re-reads a store whose status is still changing. */
export const DEFAULT_POLL_INTERVAL_MS = 3000;

export interface StoreWithHistory {
  store: Store;
  events: StoreEvent[];
}

/**
 * A store and its history, re-read every `pollIntervalMs` while work is in
 * flight (a status that is not settled, or a running operation, which may
 * keep the status as it is), so the card follows provisioning, operations and
 * deletion live, and while its cluster does not answer. The last value stays shown while a refresh is under way.
 */
export function useStore(storeId: string, pollIntervalMs: number) {
  const api = useApi(storePlatformApiRef);
  const state = useAsyncRetry(async (): Promise<StoreWithHistory> => {
    const [store, events] = await Promise.all([
      api.getStore(storeId),
      api.getStoreEvents(storeId),
    ]);
    return { store, events };
  }, [api, storeId]);

  const store = state.value?.store;
  // An unreachable cluster is followed too, so the card shows the recovery.
  const inFlight =
    store !== undefined &&
    (!isSettled(store.status) ||
      store.operation !== undefined ||
      store.clusterUnreachable !== undefined);
  useInterval(state.retry, inFlight ? pollIntervalMs : null);

  return state;
}
