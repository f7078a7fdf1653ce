import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { StoreEvent } from '@store-platform/plugin-store-platform-common';
import { STORE_STATUS_DISPLAY } from '../StoreStatus';
import { TaskLink } from '../shared/TaskLink';
import { Timestamp } from '../shared/Timestamp';
import { operationName } from './cardOperations';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
  item: { marginBottom: theme.spacing(1) },
  // Messages keep their line breaks (a failure and its cause on their own lines).
  message: {
    color: theme.palette.text.secondary,
    overflowWrap: 'anywhere',
    whiteSpace: 'pre-line',
  },
}));

const statusLabel = (status: string) =>
  STORE_STATUS_DISPLAY[status as keyof typeof STORE_STATUS_DISPLAY]?.label ??
  status;

/** An entry in words: its creation, a transition, or an operation (which may keep the status). */
export function describeEvent(event: StoreEvent): string {
  const to = statusLabel(event.to);
  if (event.from === null) return `Created as ${to}`;
  const transition =
    event.from === event.to ? to : `${statusLabel(event.from)} → ${to}`;
  return event.operation
    ? `${operationName(event.operation)}: ${transition}`
    : transition;
}

/** The store's history, oldest first, folded away until asked for. */
export function StoreHistory(props: { events: StoreEvent[] }) {
  const classes = useStyles();
  const { events } = props;
  return (
    <Accordion variant="outlined">
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls="store-history-content"
        id="store-history-header"
      >
        <Typography variant="subtitle2">History ({events.length})</Typography>
      </AccordionSummary>
      <AccordionDetails id="store-history-content">
        {events.length === 0 ? (
          <Typography variant="body2">No events recorded yet.</Typography>
        ) : (
          <ol className={classes.list}>
            {events.map(event => (
              <li key={event.id} className={classes.item}>
                <Typography variant="body2">
                  <Timestamp value={event.at} />: {describeEvent(event)}
                  {event.taskId && (
                    <>
                      {' '}
                      (
                      <TaskLink
                        taskId={event.taskId}
                        label={
                          event.operation
                            ? `${operationName(event.operation)} task log`
                            : 'task log'
                        }
                      />
                      )
                    </>
                  )}
                </Typography>
                {event.message && (
                  <Typography variant="body2" className={classes.message}>
                    {event.message}
                  </Typography>
                )}
              </li>
            ))}
          </ol>
        )}
      </AccordionDetails>
    </Accordion>
  );
}
