import { LiveState } from './useLiveChannel';

/** How often a view re-reads when it cannot rely on pushed changes. */
export const DEFAULT_SLOW_REFRESH_MS = 20_000;

/**
 * The interval at which a view re-reads on its own, or null for never:
 * - live: never, changes are pushed;
 * - connecting: only while work is in flight (`unsettled`), at `pollMs`;
 * - not live or unavailable: `pollMs` while work is in flight, else `slowMs`,
 *   so a change made elsewhere still shows within `slowMs`.
 */
export function refreshIntervalMs(
  live: LiveState,
  unsettled: boolean,
  intervals: { pollMs: number; slowMs: number },
): number | null {
  if (live === 'live') return null;
  if (unsettled) return intervals.pollMs;
  return live === 'connecting' ? null : intervals.slowMs;
}
