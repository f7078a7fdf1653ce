import { useState } from 'react';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
  SupportButton,
} from '@backstage/core-components';
import { StoreStatus } from '@internal/plugin-store-platform-common';
import { STORE_STATUS_DISPLAY } from '../StoreStatus';
import { ErrorWithRetry } from '../shared/ErrorWithRetry';
import { StatusFilter } from './StatusFilter';
import { StoresTable } from './StoresTable';
import { useAllStores } from './useAllStores';
import { useStoreEntityRefs } from './useStoreEntityRefs';

function StoresContent(props: { status: StoreStatus | undefined }) {
  const { value: stores, loading, error, retry } = useAllStores(props.status);
  const entityRefs = useStoreEntityRefs(stores?.map(s => s.id) ?? []);

  if (loading) return <Progress />;
  if (error) {
    return (
      <ErrorWithRetry
        error={error}
        title="Could not list stores"
        onRetry={retry}
      />
    );
  }
  if (!stores || stores.length === 0) {
    return (
      <EmptyState
        missing="data"
        title={
          props.status
            ? `No stores are ${STORE_STATUS_DISPLAY[
                props.status
              ].label.toLocaleLowerCase('en-US')}`
            : 'No stores yet'
        }
        description="Stores are created from the WooCommerce store template under Create."
      />
    );
  }
  return <StoresTable stores={stores} entityRefs={entityRefs} />;
}

/** Every store the platform knows, with a status filter. */
export function StoresPage() {
  const [status, setStatus] = useState<StoreStatus>();
  return (
    <Page themeId="tool">
      <Header
        title="Stores"
        subtitle="Every store provisioned by the Store Platform"
      />
      <Content>
        <ContentHeader title="All stores">
          <StatusFilter value={status} onChange={setStatus} />
          <SupportButton>
            Each store runs in its own namespace; open one to see its status,
            history and Delete.
          </SupportButton>
        </ContentHeader>
        <StoresContent status={status} />
      </Content>
    </Page>
  );
}
