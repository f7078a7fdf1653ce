import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { makeStyles } from '@material-ui/core/styles';
import { Store } from '@store-platform/plugin-store-platform-common';
import { TaskLink } from '../shared/TaskLink';
import { Timestamp } from '../shared/Timestamp';
import { operationName } from './cardOperations';

const useStyles = makeStyles({
  // Operation messages span lines (a failed step and its cause).
  message: { whiteSpace: 'pre-line', overflowWrap: 'anywhere' },
});

/** The operation in flight, then how the last one ended; each with its task log. */
export function StoreOperationSummary(props: { store: Store }) {
  const classes = useStyles();
  const { operation, lastOperation } = props.store;
  if (!operation && !lastOperation) return null;
  return (
    <>
      {operation && (
        <Alert severity="info" role="status" data-testid="running-operation">
          {operationName(operation.kind)} in progress since{' '}
          <Timestamp value={operation.startedAt} />
          {operation.taskId && (
            <>
              {' '}
              (
              <TaskLink
                taskId={operation.taskId}
                label={`task log of the running ${operationName(
                  operation.kind,
                ).toLowerCase()}`}
              />
              )
            </>
          )}
        </Alert>
      )}
      {lastOperation && (
        <Alert
          severity={lastOperation.outcome === 'failed' ? 'warning' : 'success'}
          role="status"
          data-testid="last-operation"
        >
          <Typography variant="body2" component="span">
            Last operation: {operationName(lastOperation.kind)}{' '}
            {lastOperation.outcome} at{' '}
            <Timestamp value={lastOperation.finishedAt} />
            {lastOperation.taskId && (
              <>
                {' '}
                (
                <TaskLink
                  taskId={lastOperation.taskId}
                  label={`task log of the last ${operationName(
                    lastOperation.kind,
                  ).toLowerCase()}`}
                />
                )
              </>
            )}
          </Typography>
          {lastOperation.message && (
            <Typography variant="body2" className={classes.message}>
              {lastOperation.message}
            </Typography>
          )}
        </Alert>
      )}
    </>
  );
}
