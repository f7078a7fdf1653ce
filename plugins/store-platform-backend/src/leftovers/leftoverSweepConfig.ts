import { Config } from '@backstage/config';

export const LEFTOVER_SWEEP_INTERVAL_KEY =
  'storePlatform.leftoverSweep.intervalSeconds';

/** Default seconds between leftover sweeps. */
export const DEFAULT_LEFTOVER_SWEEP_SECONDS = 60;

/** Reads `storePlatform.leftoverSweep.intervalSeconds`; a bad value fails naming the key. */
export function readLeftoverSweepIntervalMs(config: Config): number {
  const value = config.getOptionalNumber(LEFTOVER_SWEEP_INTERVAL_KEY);
  if (value === undefined) return DEFAULT_LEFTOVER_SWEEP_SECONDS * 1000;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `${LEFTOVER_SWEEP_INTERVAL_KEY}: must be a positive number of seconds`,
    );
  }
  return value * 1000;
}
