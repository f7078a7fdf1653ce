import { Entity } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { Store } from '@internal/plugin-store-platform-common';
import { isNotFoundError } from '../../api';
import { getStoreId, STORE_ID_ANNOTATION } from '../../entity';
import { StoreStatusLabel } from '../StoreStatus';
import { ErrorWithRetry } from '../shared/ErrorWithRetry';
import { DeleteStoreButton } from './DeleteStoreButton';
import { StoreAdminActions } from './StoreAdminActions';
import { StoreDetails } from './StoreDetails';
import { StoreHistory } from './StoreHistory';
import { DEFAULT_POLL_INTERVAL_MS, useStore } from './useStore';

/** @public */
export interface EntityStoreCardProps {
  /** How often to re-read a store whose status is still changing. */
  pollIntervalMs?: number;
}

function StatusMessage(props: { store: Store }) {
  const { status, statusMessage } = props.store;
  if (!statusMessage) return null;
  if (status === 'failed') {
    return <Alert severity="error">{statusMessage}</Alert>;
  }
  return (
    <Typography variant="body2" color="textSecondary">
      {statusMessage}
    </Typography>
  );
}

function StoreCardContent(props: { storeId: string; pollIntervalMs: number }) {
  const { storeId, pollIntervalMs } = props;
  const { value, loading, error, retry } = useStore(storeId, pollIntervalMs);

  if (value) {
    const { store, events } = value;
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
          <DeleteStoreButton store={store} onDeleted={retry} />
        </Box>
        <Box mb={2}>
          <StatusMessage store={store} />
        </Box>
        <StoreDetails store={store} />
        <Box mt={2}>
          <StoreAdminActions store={store} />
        </Box>
        <Box mt={2}>
          <StoreHistory events={events} />
        </Box>
      </>
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
        onRetry={retry}
      />
    );
  }
  if (loading) return <Progress />;
  return null;
}

/**
 * The store behind the current catalog entity: status, failure message, URL,
 * facts, history, and Delete for those allowed to. Follows the store live
 * while work is in flight.
 */
export function EntityStoreCard(props: EntityStoreCardProps) {
  const { entity } = useEntity();
  const storeId = getStoreId(entity);
  return (
    <InfoCard title="Store" subheader={storeId}>
      {storeId ? (
        <StoreCardContent
          storeId={storeId}
          pollIntervalMs={props.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS}
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
