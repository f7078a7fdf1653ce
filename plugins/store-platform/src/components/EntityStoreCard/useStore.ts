import { useReducer } from 'react';
import useInterval from 'react-use/esm/useInterval';
import { useApi } from '@backstage/core-plugin-api';
import {
  isSettled,
  isStoreSignal,
  Store,
  StoreEvent,
  storeSignalChannel,
} from '@store-platform/plugin-store-platform-common';
import { storePlatformApiRef } from '../../api';
import {
  LiveState,
  refreshIntervalMs,
  useLiveChannel,
  useRefreshable,
} from '../shared/live';

/** How often the card re-reads a store whose status is still changing, when not live. */
export const DEFAULT_POLL_INTERVAL_MS = 3000;

export interface StoreWithHistory {
  store: Store;
  events: StoreEvent[];
}

/**
 * A store and its history, followed live: each change the backend signals
 * is read again at once (through the API, which checks the reader may see
 * it), with no polling while the channel is live. When it is not (no
 * heartbeat, or no Signals in the app), the store is re-read every
 * `pollIntervalMs` while work is in flight (a status that is not settled, a
 * running operation, a cluster that does not answer) and every `slowMs`
 * otherwise, so a change made elsewhere still shows.
 *
 * `readingsVersion` changes whenever the cluster readings should be read
 * again (the store changed, or a running operation's heartbeat said so).
 */
export function useStore(
  storeId: string,
  intervals: { pollMs: number; slowMs: number },
) {
  const api = useApi(storePlatformApiRef);
  const state = useRefreshable(async (): Promise<StoreWithHistory> => {
    const [store, events] = await Promise.all([
      api.getStore(storeId),
      api.getStoreEvents(storeId),
    ]);
    return { store, events };
  }, [api, storeId]);
  const [readingsVersion, readingsChanged] = useReducer(
    (n: number) => n + 1,
    0,
  );

  const live: LiveState = useLiveChannel(
    storeSignalChannel(storeId),
    message => {
      if (!isStoreSignal(message) || message.storeId !== storeId) return;
      // Every change may bring new Warning events or backups too.
      readingsChanged();
      if (message.type !== 'readings') state.refresh();
    },
    () => {
      state.refresh();
      readingsChanged();
    },
  );

  const store = state.value?.store;
  // An unreachable cluster is followed too, so the card shows the recovery.
  const inFlight =
    store !== undefined &&
    (!isSettled(store.status) ||
      store.operation !== undefined ||
      store.clusterUnreachable !== undefined);
  useInterval(state.refresh, refreshIntervalMs(live, inFlight, intervals));

  return { ...state, live, readingsVersion };
}
