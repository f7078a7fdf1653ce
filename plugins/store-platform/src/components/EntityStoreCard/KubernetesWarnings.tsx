import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { makeStyles } from '@material-ui/core/styles';
import { StoreKubernetesEvent } from '@store-platform/plugin-store-platform-common';
import { describeError } from '../../api';
import { Timestamp } from '../shared/Timestamp';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
  message: { whiteSpace: 'pre-line', overflowWrap: 'anywhere' },
}));

/** What Kubernetes warns about in the store's namespace, most useful when a store fails. */
export function KubernetesWarnings(props: {
  events?: StoreKubernetesEvent[];
  error?: unknown;
}) {
  const classes = useStyles();
  const { events, error } = props;
  if (error) {
    return (
      <Typography variant="body2" color="textSecondary">
        Kubernetes warnings could not be read: {describeError(error)}
      </Typography>
    );
  }
  if (!events) return null;
  if (events.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No Kubernetes warnings in the store's namespace.
      </Typography>
    );
  }
  return (
    <Alert severity="warning" role="region" aria-label="Kubernetes warnings">
      <AlertTitle>Kubernetes warnings ({events.length})</AlertTitle>
      <ul className={classes.list}>
        {events.map((event, index) => (
          <li key={`${index}/${event.object}/${event.reason}`}>
            <Typography variant="body2" component="span">
              <strong>{event.reason}</strong> on {event.object}
              {event.count > 1 ? ` (${event.count} times)` : ''}, last{' '}
              <Timestamp value={event.lastSeen} />
            </Typography>
            <Typography variant="body2" className={classes.message}>
              {event.message}
            </Typography>
          </li>
        ))}
      </ul>
    </Alert>
  );
}
