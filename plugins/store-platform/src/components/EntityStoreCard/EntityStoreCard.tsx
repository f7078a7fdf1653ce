import { Entity } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { makeStyles } from '@material-ui/core/styles';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  Store,
  StoreEvent,
} from '@store-platform/plugin-store-platform-common';
import { isNotFoundError } from '../../api';
import { getStoreId, STORE_ID_ANNOTATION } from '../../entity';
import { StoreStatusLabel } from '../StoreStatus';
import { ErrorWithRetry } from '../shared/ErrorWithRetry';
import { BackupsSummary } from './BackupsSummary';
import { DeleteStoreButton } from './DeleteStoreButton';
import { KubernetesWarnings } from './KubernetesWarnings';
import { StoreAdminActions } from './StoreAdminActions';
import { StoreDetails } from './StoreDetails';
import { StoreHistory } from './StoreHistory';
import { StoreOperations } from './StoreOperations';
import { StoreOperationSummary } from './StoreOperationSummary';
import { DEFAULT_SLOW_REFRESH_MS, LiveIndicator } from '../shared/live';
import { DEFAULT_POLL_INTERVAL_MS, useStore } from './useStore';
import { useStoreReadings } from './useStoreReadings';

/**
 * Props of {@link EntityStoreCard}.
 *
 * @public
 */
export interface EntityStoreCardProps {
  /**
   * How often to re-read a store whose status is still changing, while the
   * live channel is down. Default 3 s.
   */
  pollIntervalMs?: number;
  /**
   * How often to re-read a settled store while the live channel is down
   * (websocket blocked, or no Signals plugin in the app). Default 20 s.
   */
  slowRefreshMs?: number;
}

// A failure message keeps its line breaks: the failed step, then its cause.
const useStyles = makeStyles({ message: { whiteSpace: 'pre-line' } });

function StatusMessage(props: { store: Store }) {
  const classes = useStyles();
  const { status, statusMessage, lastOperation } = props.store;
  if (!statusMessage) return null;
  // The last operation's box already says it (with its task link).
  if (status !== 'failed' && statusMessage === lastOperation?.message) {
    return null;
  }
  if (status === 'failed') {
    return (
      <Alert severity="error" className={classes.message}>
        {statusMessage}
      </Alert>
    );
  }
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      className={classes.message}
    >
      {statusMessage}
    </Typography>
  );
}

/**
 * The store's cluster does not answer: the status is the last one known, and
 * nothing can run on it (the backend says why) until the cluster is back.
 */
function ClusterUnreachable(props: { store: Store }) {
  const { clusterUnreachable } = props.store;
  if (!clusterUnreachable) return null;
  return (
    <Alert severity="warning">
      <AlertTitle>Cluster unreachable</AlertTitle>
      {clusterUnreachable}. The store's status is the last one known; its
      readings and operations wait until the cluster answers again.
    </Alert>
  );
}

/** The store once loaded: status, messages, operations, facts, cluster warnings, history. */
function LoadedStore(props: {
  store: Store;
  events: StoreEvent[];
  readingsVersion: number;
  onChanged: () => void;
}) {
  const { store, events, readingsVersion, onChanged } = props;
  const readings = useStoreReadings(
    store.id,
    `${store.updatedAt}#${readingsVersion}`,
  );
  return (
    <>
      <Box
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        mb={1}
      >
        <Typography variant="h6" component="p">
          <StoreStatusLabel status={store.status} />
        </Typography>
        <DeleteStoreButton store={store} onDeleted={onChanged} />
      </Box>
      <Box mb={2} display="grid" style={{ gap: 8 }}>
        <ClusterUnreachable store={store} />
        <StatusMessage store={store} />
        <StoreOperationSummary store={store} />
      </Box>
      <StoreOperations store={store} backups={readings.backups.value} />
      <Box mt={2}>
        <StoreDetails
          store={store}
          backups={
            <BackupsSummary
              backups={readings.backups.value}
              error={readings.backups.error}
            />
          }
        />
      </Box>
      <Box mt={2}>
        <StoreAdminActions store={store} />
      </Box>
      <Box mt={2}>
        <KubernetesWarnings
          events={readings.kubernetesEvents.value}
          error={readings.kubernetesEvents.error}
        />
      </Box>
      <Box mt={2}>
        <StoreHistory events={events} />
      </Box>
    </>
  );
}

function StoreCardContent(props: {
  storeId: string;
  pollMs: number;
  slowMs: number;
}) {
  const { storeId, pollMs, slowMs } = props;
  const { value, loading, error, refresh, live, readingsVersion } = useStore(
    storeId,
    { pollMs, slowMs },
  );
  return (
    <>
      <Box display="flex" justifyContent="flex-end">
        <LiveIndicator state={live} slowMs={slowMs} />
      </Box>
      <StoreCardState
        storeId={storeId}
        value={value}
        loading={loading}
        error={error}
        readingsVersion={readingsVersion}
        refresh={refresh}
      />
    </>
  );
}

/** The store, or why it cannot be shown: gone, failed to load, loading. */
function StoreCardState(props: {
  storeId: string;
  value?: { store: Store; events: StoreEvent[] };
  loading: boolean;
  error?: Error;
  readingsVersion: number;
  refresh: () => void;
}) {
  const { storeId, value, loading, error, readingsVersion, refresh } = props;
  if (value) {
    return (
      <LoadedStore
        store={value.store}
        events={value.events}
        readingsVersion={readingsVersion}
        onChanged={refresh}
      />
    );
  }
  if (error && isNotFoundError(error)) {
    return (
      <EmptyState
        missing="data"
        title="This store no longer exists"
        description={`Store ${storeId} has been deleted. Its catalog entity goes away once the catalog catches up.`}
      />
    );
  }
  if (error) {
    return (
      <ErrorWithRetry
        error={error}
        title={`Could not load store ${storeId}`}
        onRetry={refresh}
      />
    );
  }
  if (loading) return <Progress />;
  return null;
}

/**
 * The store behind the current catalog entity: status, failure message, the
 * running and last operation, the day-two operations and Delete for those
 * allowed to, facts (size, images, backups), Kubernetes warnings and history.
 * Follows the store live: changes are pushed through Signals; without them
 * it re-reads slowly and says it is not live.
 */
export function EntityStoreCard(props: EntityStoreCardProps) {
  const { entity } = useEntity();
  const storeId = getStoreId(entity);
  return (
    <InfoCard title="Store" subheader={storeId}>
      {storeId ? (
        <StoreCardContent
          storeId={storeId}
          pollMs={props.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS}
          slowMs={props.slowRefreshMs ?? DEFAULT_SLOW_REFRESH_MS}
        />
      ) : (
        <NotAStore entity={entity} />
      )}
    </InfoCard>
  );
}

/** Why an entity shows no store: no annotation, or not the platform's own entity. */
function NotAStore(props: { entity: Entity }) {
  if (!props.entity.metadata.annotations?.[STORE_ID_ANNOTATION]) {
    return <MissingAnnotationEmptyState annotation={STORE_ID_ANNOTATION} />;
  }
  return (
    <EmptyState
      missing="info"
      title="Not a Store Platform store"
      description="This entity carries the store id annotation but was not emitted by Store Platform's catalog provider, so it is not taken for the store."
    />
  );
}
