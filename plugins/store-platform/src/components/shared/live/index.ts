export { useLiveChannel, type LiveState } from './useLiveChannel';
export { refreshIntervalMs, DEFAULT_SLOW_REFRESH_MS } from './refreshPolicy';
export { useRefreshable } from './useRefreshable';
export { LiveIndicator } from './LiveIndicator';
