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

/**
 * Each change is said twice, the second time a second later. The events
 * backend's database bus (0.6.6) can skip an event: reading a subscription
 * moves its cursor to the highest id it saw, so an insert with a lower id
 * that commits just after (a concurrent publish) is never delivered. The
 * first benchmark run with two replicas hung on one change that never
 * reached the card, live and so not polling, on the other replica. A browser
 * that missed the first hint gets the second; one that got both re-reads
 * once more. Publishing one event after the other, not at once, keeps this
 * plugin from racing itself.
 */
export const DEFAULT_REPEAT_AFTER_MS = 1000;

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
  options: {
    /** When to say it again (see below); 0 never. Default 1 s. */
    repeatAfterMs?: number;
    onRepeatFailed?: (error: unknown) => void;
  } = {},
): StoreLiveSignals {
  const broadcast = { type: 'broadcast' } as const;
  const repeatAfterMs = options.repeatAfterMs ?? DEFAULT_REPEAT_AFTER_MS;
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
  const tell = async (message: StoreSignal) => {
    // One after the other: see DEFAULT_REPEAT_AFTER_MS.
    await toStore(message);
    await toList();
  };
  return {
    async publish(change: StoreChange) {
      const { store } = change;
      const message: StoreSignal =
        change.type === 'removed'
          ? { type: 'removed', storeId: store.id }
          : { type: 'changed', storeId: store.id };
      await tell(message);
      if (repeatAfterMs > 0) {
        setTimeout(
          () => tell(message).catch(e => options.onRepeatFailed?.(e)),
          repeatAfterMs,
        ).unref?.();
      }
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
      // In turn, not at once: concurrent inserts are what makes the bus skip.
      let failure: unknown;
      for (const publisher of publishers) {
        try {
          await publisher.publish(change);
        } catch (error) {
          failure ??= error;
        }
      }
      if (failure !== undefined) throw failure;
    },
  };
}
