import { Config } from '@backstage/config';
import { readOptionalSecondsAsMs } from '../configSeconds';

/** How deletions are kept alive and taken over across replicas. */
export interface DeletionTimings {
  /** How often the replica running a deletion refreshes its claim. */
  heartbeatMs: number;
  /** A claim whose heartbeat is older than this is taken over by another replica. */
  takeOverAfterMs: number;
  /** How often every replica looks for deletions nobody runs. */
  sweepMs: number;
}

export const DEFAULT_DELETION_TIMINGS: DeletionTimings = {
  heartbeatMs: 5_000,
  takeOverAfterMs: 30_000,
  sweepMs: 10_000,
};

/** The config key, in seconds, of each timing. */
const KEYS = {
  heartbeatMs: 'heartbeatSeconds',
  takeOverAfterMs: 'takeOverAfterSeconds',
  sweepMs: 'sweepSeconds',
} as const;

/**
 * Reads `storePlatform.deletion`. A dead replica's deletion is resumed
 * within `takeOverAfterSeconds + sweepSeconds` (40 s by default).
 */
export function readDeletionTimings(config: Config): DeletionTimings {
  const seconds = (key: keyof typeof KEYS, fallbackMs: number) =>
    readOptionalSecondsAsMs(
      config,
      `storePlatform.deletion.${KEYS[key]}`,
      fallbackMs / 1000,
    );
  const timings = {
    heartbeatMs: seconds('heartbeatMs', DEFAULT_DELETION_TIMINGS.heartbeatMs),
    takeOverAfterMs: seconds(
      'takeOverAfterMs',
      DEFAULT_DELETION_TIMINGS.takeOverAfterMs,
    ),
    sweepMs: seconds('sweepMs', DEFAULT_DELETION_TIMINGS.sweepMs),
  };
  // A live replica must get at least two beats in before it counts as dead.
  if (timings.takeOverAfterMs < 2 * timings.heartbeatMs) {
    throw new Error(
      `storePlatform.deletion.takeOverAfterSeconds: must be at least twice storePlatform.deletion.heartbeatSeconds (${
        timings.heartbeatMs / 1000
      }), or a live replica's deletion would be taken over`,
    );
  }
  return timings;
}
