import { SignalsService } from '@backstage/plugin-signals-node';
import {
  LIVE_HEARTBEAT_CHANNEL,
  LiveHeartbeat,
  STORES_SIGNAL_CHANNEL,
  StoreSignal,
  storeSignalChannel,
  StoresSignal,
} from '@store-platform/plugin-store-platform-common';
import { StoreChange, StoreChangePublisher } from './storeChanges';

/** What the browsers are told; see liveUpdates.ts in the common package. */
export interface StoreLiveSignals extends StoreChangePublisher {
  /** The store's cluster readings may have changed (an operation is running). */
  readingsChanged(storeId: string): Promise<void>;
  heartbeat(intervalMs: number): Promise<void>;
}

/**
 * Pushes store changes to browsers through Signals, which rides the events
 * bus (so a change reaches browsers connected to any replica). Broadcasts
 * hints only, never store data: Signals addresses users, not permissions, so
 * each browser re-reads through the permission-checked API what it may see.
 */
export function signalsStoreLiveSignals(
  signals: SignalsService,
): StoreLiveSignals {
  const broadcast = { type: 'broadcast' } as const;
  const toStore = (message: StoreSignal) =>
    signals.publish<StoreSignal>({
      recipients: broadcast,
      channel: storeSignalChannel(message.storeId),
      message,
    });
  const toList = () =>
    signals.publish<StoresSignal>({
      recipients: broadcast,
      channel: STORES_SIGNAL_CHANNEL,
      message: { type: 'changed' },
    });
  return {
    async publish(change: StoreChange) {
      const { store } = change;
      await Promise.all([
        toStore(
          change.type === 'removed'
            ? { type: 'removed', storeId: store.id }
            : { type: 'changed', storeId: store.id },
        ),
        toList(),
      ]);
    },
    readingsChanged: storeId => toStore({ type: 'readings', storeId }),
    heartbeat: intervalMs =>
      signals.publish<LiveHeartbeat>({
        recipients: broadcast,
        channel: LIVE_HEARTBEAT_CHANNEL,
        message: { type: 'heartbeat', intervalMs },
      }),
  };
}

/**
 * One publisher that tells each of `publishers` (the catalog's events topic,
 * the browsers' signals), each on its own: one failing does not keep the
 * change from the others; the first failure is reported after all were told.
 */
export function publishToAll(
  ...publishers: StoreChangePublisher[]
): StoreChangePublisher {
  return {
    async publish(change) {
      const results = await Promise.allSettled(
        publishers.map(p => p.publish(change)),
      );
      const failed = results.find(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      if (failed) throw failed.reason;
    },
  };
}
