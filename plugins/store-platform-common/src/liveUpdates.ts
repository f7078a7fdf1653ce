/**
 * Live updates: what the backend pushes to browsers through Backstage
 * Signals. Every signal is a broadcast hint, never store data: a receiver
 * re-reads what changed through the REST API, whose permission checks decide
 * what it may see (Signals itself can only address users, not permissions).
 */

/**
 * The Signals channel of one store: a {@link StoreSignal} after each change.
 *
 * @public
 */
export function storeSignalChannel(storeId: string): string {
  return `store-platform:store:${storeId}`;
}

/**
 * The Signals channel of the store list: a {@link StoresSignal} after any
 * store changes. It names no store, so the list leaks nothing to a reader who
 * may not see it.
 *
 * @public
 */
export const STORES_SIGNAL_CHANNEL = 'store-platform:stores';

/**
 * The Signals channel of the heartbeat: a {@link LiveHeartbeat} every
 * `intervalMs`, so a browser can tell a live channel from a silent one (the
 * Signals client says nothing about its connection).
 *
 * @public
 */
export const LIVE_HEARTBEAT_CHANNEL = 'store-platform:heartbeat';

/**
 * A store changed (`changed`: status, message, owner, size, images...; not
 * every change moves its `updatedAt`, so there is no version to compare),
 * left the registry (`removed`), or its cluster readings (Kubernetes Warning
 * events, backups) may have changed while an operation runs (`readings`).
 *
 * @public
 */
export type StoreSignal =
  | { type: 'changed'; storeId: string }
  | { type: 'removed'; storeId: string }
  | { type: 'readings'; storeId: string };

/**
 * Some store changed: re-read the list shown.
 *
 * @public
 */
export type StoresSignal = { type: 'changed' };

/**
 * The heartbeat: the channel is live; the next comes within `intervalMs`.
 *
 * @public
 */
export type LiveHeartbeat = { type: 'heartbeat'; intervalMs: number };

/**
 * Whether a message received on a store's channel is a {@link StoreSignal}
 * (it arrives as JSON from the websocket).
 *
 * @public
 */
export function isStoreSignal(message: unknown): message is StoreSignal {
  const signal = message as Partial<StoreSignal> | null | undefined;
  return (
    !!signal &&
    typeof signal.storeId === 'string' &&
    (signal.type === 'changed' ||
      signal.type === 'removed' ||
      signal.type === 'readings')
  );
}

/**
 * Whether a message received on the heartbeat channel is a {@link LiveHeartbeat}.
 *
 * @public
 */
export function isLiveHeartbeat(message: unknown): message is LiveHeartbeat {
  const beat = message as Partial<LiveHeartbeat> | null | undefined;
  return (
    !!beat &&
    beat.type === 'heartbeat' &&
    typeof beat.intervalMs === 'number' &&
    beat.intervalMs > 0
  );
}
