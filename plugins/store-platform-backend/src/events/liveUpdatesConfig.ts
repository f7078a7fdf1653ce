import { Config } from '@backstage/config';

export const LIVE_HEARTBEAT_KEY = 'storePlatform.liveUpdates.heartbeatSeconds';

/** Default seconds between heartbeats: a silent channel is noticed in about three. */
export const DEFAULT_LIVE_HEARTBEAT_SECONDS = 5;

/** Reads `storePlatform.liveUpdates.heartbeatSeconds`; a bad value fails naming the key. */
export function readLiveHeartbeatMs(config: Config): number {
  const value = config.getOptionalNumber(LIVE_HEARTBEAT_KEY);
  if (value === undefined) return DEFAULT_LIVE_HEARTBEAT_SECONDS * 1000;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `${LIVE_HEARTBEAT_KEY}: must be a positive number of seconds`,
    );
  }
  return value * 1000;
}
