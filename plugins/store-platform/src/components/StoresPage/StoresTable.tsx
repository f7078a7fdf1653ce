import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Store } from '@internal/plugin-store-platform-common';
import { StoreStatusLabel } from '../StoreStatus';
import { ExternalUrl } from '../shared/ExternalUrl';
import { Timestamp } from '../shared/Timestamp';
import { engineLabel } from '../shared/labels';

interface StoreRow {
  store: Store;
  entityRef?: string;
}

const columns: TableColumn<StoreRow>[] = [
  {
    title: 'Store',
    field: 'store.id',
    highlight: true,
    render: ({ store, entityRef }) =>
      entityRef ? (
        <EntityRefLink entityRef={entityRef} title={store.id} />
      ) : (
        store.id
      ),
  },
  { title: 'Title', field: 'store.title' },
  {
    title: 'Status',
    field: 'store.status',
    render: ({ store }) => <StoreStatusLabel status={store.status} />,
  },
  {
    title: 'Engine',
    field: 'store.engine',
    render: ({ store }) => engineLabel(store.engine),
  },
  {
    title: 'Owner',
    field: 'store.owner',
    render: ({ store }) => <EntityRefLink entityRef={store.owner} />,
  },
  { title: 'Namespace', field: 'store.namespace' },
  {
    title: 'URL',
    field: 'store.url',
    render: ({ store }) => <ExternalUrl url={store.url} />,
  },
  {
    title: 'Updated',
    field: 'store.updatedAt',
    defaultSort: 'desc',
    render: ({ store }) => <Timestamp value={store.updatedAt} />,
  },
];

/** Every store in a sortable, searchable table, each linked to its entity. */
export function StoresTable(props: {
  stores: Store[];
  entityRefs: Map<string, string>;
}) {
  const rows: StoreRow[] = props.stores.map(store => ({
    store,
    entityRef: props.entityRefs.get(store.id),
  }));
  return (
    <Table<StoreRow>
      title={`Stores (${rows.length})`}
      options={{
        paging: rows.length > 20,
        pageSize: 20,
        search: true,
        // Draggable headers nest a second button inside each sort button,
        // which screen readers cannot operate (axe: nested-interactive).
        draggable: false,
      }}
      columns={columns}
      data={rows}
    />
  );
}
