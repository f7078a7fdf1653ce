import { Fragment, ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import { Store } from '@internal/plugin-store-platform-common';
import { ExternalUrl } from '../shared/ExternalUrl';
import { Timestamp } from '../shared/Timestamp';
import { engineLabel, sizeLabel } from '../shared/labels';

const useStyles = makeStyles(theme => ({
  list: {
    ...theme.typography.body2,
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(1),
    margin: 0,
  },
  term: { fontWeight: theme.typography.fontWeightMedium as number },
  value: { margin: 0, overflowWrap: 'anywhere' },
}));

/** The store's facts as a description list: URL, engine, size, namespace, times. */
export function StoreDetails(props: { store: Store }) {
  const classes = useStyles();
  const { store } = props;
  const rows: [string, ReactNode][] = [
    ['Storefront', <ExternalUrl url={store.url} />],
    ['Engine', engineLabel(store.engine)],
    ['Size', sizeLabel(store.size)],
    ['Namespace', store.namespace],
    ['Created', <Timestamp value={store.createdAt} />],
    ['Updated', <Timestamp value={store.updatedAt} />],
  ];
  return (
    <dl className={classes.list}>
      {rows.map(([term, value]) => (
        <Fragment key={term}>
          <dt className={classes.term}>{term}</dt>
          <dd className={classes.value}>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
