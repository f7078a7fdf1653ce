import { Config } from '@backstage/config';
import { readOptionalSecondsAsMs } from '../configSeconds';

export const LEFTOVER_SWEEP_INTERVAL_KEY =
  'storePlatform.leftoverSweep.intervalSeconds';

/** Default seconds between leftover sweeps. */
export const DEFAULT_LEFTOVER_SWEEP_SECONDS = 60;

/** Reads `storePlatform.leftoverSweep.intervalSeconds`; a bad value fails naming the key. */
export function readLeftoverSweepIntervalMs(config: Config): number {
  return readOptionalSecondsAsMs(
    config,
    LEFTOVER_SWEEP_INTERVAL_KEY,
    DEFAULT_LEFTOVER_SWEEP_SECONDS,
  );
}
