import Typography from '@material-ui/core/Typography';
import { LiveState } from './useLiveChannel';

const WHY: Record<LiveState, string> = {
  live: 'Changes show as they happen',
  connecting: 'Connecting to live updates',
  'not-live': 'The live updates channel is not connected',
  unavailable: 'Live updates need the Signals plugin in this app',
};

/**
 * Says whether the view follows changes as they happen, or re-reads every
 * `slowMs` because the live channel is down or not installed.
 */
export function LiveIndicator(props: { state: LiveState; slowMs: number }) {
  const { state, slowMs } = props;
  if (state === 'connecting') return null;
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      role="status"
      title={WHY[state]}
    >
      {state === 'live'
        ? 'Live'
        : `Not live, refreshing every ${Math.round(slowMs / 1000)} s`}
    </Typography>
  );
}
