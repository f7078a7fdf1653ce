import { StoreRegistry } from '../ports';

/** How often a running operation tells the backend it is alive. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;

/**
 * Sends heartbeats for the task's operation lease until stopped. A refused
 * heartbeat (the lease was released: the store is being deleted, or the
 * reconciler gave the operation up) aborts the operation's work through
 * `lost`, so it does not go on changing a store it no longer holds.
 */
export function keepLeaseFresh(options: {
  registry: StoreRegistry;
  storeId: string;
  taskId: string;
  intervalMs?: number;
  lost: AbortController;
  warn(message: string): void;
}): { stop(): void } {
  const { registry, storeId, taskId, lost, warn } = options;
  const timer = setInterval(async () => {
    try {
      await registry.heartbeat(storeId, taskId);
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'ConflictError' || name === 'NotFoundError') {
        warn(`The operation lost its hold on store ${storeId}: ${error}`);
        lost.abort();
      }
      // Anything else (the backend restarting) is retried at the next beat.
    }
  }, options.intervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
