import { useEffect, useRef, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  isLiveHeartbeat,
  LIVE_HEARTBEAT_CHANNEL,
} from '@store-platform/plugin-store-platform-common';

/**
 * - `live`: heartbeats arrive, so changes are pushed; nothing is polled.
 * - `connecting`: subscribed, no heartbeat heard yet.
 * - `not-live`: no heartbeat for three intervals (websocket blocked or dropped).
 * - `unavailable`: the app has no Signals API (the signals plugin is not installed).
 */
export type LiveState = 'live' | 'connecting' | 'not-live' | 'unavailable';

/** How long a fresh subscription waits for its first heartbeat before saying it is not live. */
export const FIRST_HEARTBEAT_WAIT_MS = 15_000;

/** Heartbeats missed before the channel counts as down. */
const MISSED_BEATS = 3;

/**
 * Subscribes to `channel` through Signals and tells whether the channel is
 * live, from the backend's heartbeats (the Signals client does not say
 * whether its websocket is up). `onResync` is called whenever the channel
 * becomes live again or a heartbeat came late: signals sent meanwhile may
 * have been lost, so the caller re-reads.
 */
export function useLiveChannel(
  channel: string,
  onMessage: (message: unknown) => void,
  onResync: () => void,
): LiveState {
  const signals = useApiHolder().get(signalApiRef);
  const [state, setState] = useState<LiveState>(
    signals ? 'connecting' : 'unavailable',
  );
  // The latest callbacks, without subscribing again on every render.
  const callbacks = useRef({ onMessage, onResync });
  callbacks.current = { onMessage, onResync };

  useEffect(() => {
    if (!signals) {
      setState('unavailable');
      return undefined;
    }
    setState('connecting');
    let live = false;
    let lastBeat = 0;
    let silence: ReturnType<typeof setTimeout> | undefined;
    const silentFor = (ms: number) => {
      clearTimeout(silence);
      silence = setTimeout(() => {
        live = false;
        setState('not-live');
      }, ms);
    };
    silentFor(FIRST_HEARTBEAT_WAIT_MS);

    const messages = signals.subscribe(channel, message =>
      callbacks.current.onMessage(message),
    );
    const beats = signals.subscribe(LIVE_HEARTBEAT_CHANNEL, message => {
      if (!isLiveHeartbeat(message)) return;
      const now = Date.now();
      const late = live && now - lastBeat > message.intervalMs * 1.5;
      lastBeat = now;
      silentFor(message.intervalMs * MISSED_BEATS);
      if (!live || late) callbacks.current.onResync();
      live = true;
      setState('live');
    });
    return () => {
      clearTimeout(silence);
      messages.unsubscribe();
      beats.unsubscribe();
    };
  }, [signals, channel]);

  return state;
}
