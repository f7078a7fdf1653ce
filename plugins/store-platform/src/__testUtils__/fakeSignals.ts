import { SignalApi } from '@backstage/plugin-signals-react';

/** A Signals API whose messages the test sends; it records who listens. */
export function fakeSignalApi() {
  const listeners = new Map<string, Set<(message: any) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = listeners.get(channel) ?? new Set();
      set.add(onMessage as (message: any) => void);
      listeners.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage as any) };
    },
  };
  return {
    api,
    /** Delivers `message` to every subscriber of `channel`, as the websocket would. */
    send(channel: string, message: object) {
      listeners.get(channel)?.forEach(listener => listener(message));
    },
    listening: (channel: string) => (listeners.get(channel)?.size ?? 0) > 0,
  };
}
