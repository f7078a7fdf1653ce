import { ReactNode } from 'react';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Page,
  SortOrder,
  Store,
  StoreSortField,
} from '@store-platform/plugin-store-platform-common';
import { StoreStatusLabel } from '../StoreStatus';
import { ExternalUrl } from '../shared/ExternalUrl';
import { OwnerLink } from '../shared/OwnerLink';
import { Timestamp } from '../shared/Timestamp';
import { engineLabel } from '../shared/labels';
import { PAGE_SIZES } from './storeListState';

interface Column {
  title: string;
  /** The server-side sort of this column, if it has one. */
  sort?: StoreSortField;
  render(store: Store, entityRef: string | undefined): ReactNode;
}

const COLUMNS: Column[] = [
  {
    title: 'Store',
    sort: 'id',
    render: (store, entityRef) =>
      entityRef ? (
        <EntityRefLink entityRef={entityRef} title={store.id} />
      ) : (
        store.id
      ),
  },
  { title: 'Title', sort: 'title', render: store => store.title },
  {
    title: 'Status',
    sort: 'status',
    render: store => <StoreStatusLabel status={store.status} />,
  },
  { title: 'Engine', render: store => engineLabel(store.engine) },
  {
    title: 'Owner',
    sort: 'owner',
    render: store => <OwnerLink owner={store.owner} />,
  },
  { title: 'Namespace', render: store => store.namespace },
  {
    title: 'Cluster',
    // Its cluster, and whether it answers: the status is the last one known when it does not.
    render: store =>
      store.clusterUnreachable ? (
        <span title={store.clusterUnreachable}>
          {store.cluster} (unreachable)
        </span>
      ) : (
        store.cluster
      ),
  },
  { title: 'URL', render: store => <ExternalUrl url={store.url} /> },
  {
    title: 'Updated',
    sort: 'updatedAt',
    render: store => <Timestamp value={store.updatedAt} />,
  },
];

const useStyles = makeStyles(theme => ({
  title: { padding: theme.spacing(2, 2, 1) },
  // Rows stay while the next page loads; dimmed so the change is visible.
  loading: { opacity: 0.6 },
}));

export interface StoresTableProps {
  page: Page<Store>;
  entityRefs: Map<string, string>;
  orderBy: StoreSortField;
  order: SortOrder;
  pageIndex: number;
  pageSize: number;
  loading: boolean;
  onSort(orderBy: StoreSortField): void;
  onPageSize(pageSize: number): void;
  /** To page `pageIndex + 1`, `pageIndex - 1` or 0. */
  onPage(index: number): void;
}

/** One page of stores from the server, sorted by the server, each linked to its entity. */
export function StoresTable(props: StoresTableProps) {
  const classes = useStyles();
  const { page } = props;
  return (
    <Paper>
      <Typography variant="h5" component="h2" className={classes.title}>
        Stores ({page.totalCount})
      </Typography>
      <TableContainer>
        <Table
          size="small"
          aria-label="Stores"
          aria-busy={props.loading}
          className={props.loading ? classes.loading : undefined}
        >
          <TableHead>
            <TableRow>
              {COLUMNS.map(column => (
                <TableCell
                  key={column.title}
                  sortDirection={
                    column.sort && column.sort === props.orderBy
                      ? props.order
                      : false
                  }
                >
                  {column.sort ? (
                    <TableSortLabel
                      active={column.sort === props.orderBy}
                      direction={
                        column.sort === props.orderBy ? props.order : 'asc'
                      }
                      onClick={() => props.onSort(column.sort!)}
                    >
                      {column.title}
                    </TableSortLabel>
                  ) : (
                    column.title
                  )}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {page.items.map(store => (
              <TableRow key={store.id} data-store-id={store.id}>
                {COLUMNS.map(column => (
                  <TableCell key={column.title}>
                    {column.render(store, props.entityRefs.get(store.id))}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        // Stores removed while paging can leave the count behind this page.
        count={Math.max(
          page.totalCount,
          props.pageIndex * props.pageSize + page.items.length,
        )}
        page={props.pageIndex}
        rowsPerPage={props.pageSize}
        rowsPerPageOptions={PAGE_SIZES}
        onPageChange={(_, index) => props.onPage(index)}
        onRowsPerPageChange={event =>
          props.onPageSize(Number(event.target.value))
        }
        // Pages follow the server's cursor: Next exists only when it says so.
        nextIconButtonProps={{ disabled: !page.nextCursor || props.loading }}
        backIconButtonProps={{
          disabled: props.pageIndex === 0 || props.loading,
        }}
      />
    </Paper>
  );
}
