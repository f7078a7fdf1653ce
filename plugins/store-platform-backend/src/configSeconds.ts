import { Config } from '@backstage/config';

/**
 * Reads an optional duration given in seconds, in milliseconds. Absent gives
 * the default; zero, negative or not finite fails naming the key, at start-up
 * rather than as a timer that fires without pause.
 */
export function readOptionalSecondsAsMs(
  config: Config,
  key: string,
  defaultSeconds: number,
): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return defaultSeconds * 1000;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${key}: must be a positive number of seconds`);
  }
  return value * 1000;
}
