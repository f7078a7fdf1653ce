import { Config } from '@backstage/config';
import { readOptionalSecondsAsMs } from '../configSeconds';

export const LIVE_HEARTBEAT_KEY = 'storePlatform.liveUpdates.heartbeatSeconds';

/** Default seconds between heartbeats: a silent channel is noticed in about three. */
export const DEFAULT_LIVE_HEARTBEAT_SECONDS = 5;

/** Reads `storePlatform.liveUpdates.heartbeatSeconds`; a bad value fails naming the key. */
export function readLiveHeartbeatMs(config: Config): number {
  return readOptionalSecondsAsMs(
    config,
    LIVE_HEARTBEAT_KEY,
    DEFAULT_LIVE_HEARTBEAT_SECONDS,
  );
}
