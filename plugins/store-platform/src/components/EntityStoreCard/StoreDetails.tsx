import { Fragment, ReactNode } from 'react';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import {
  Store,
  StoreImageRefs,
} from '@store-platform/plugin-store-platform-common';
import { ExternalUrl } from '../shared/ExternalUrl';
import { OwnerLink } from '../shared/OwnerLink';
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
  images: { margin: 0, padding: 0, listStyle: 'none' },
  upgrade: { marginLeft: theme.spacing(1) },
}));

const IMAGE_ROLES: [keyof StoreImageRefs, string][] = [
  ['wordpress', 'WordPress'],
  ['mariadb', 'MariaDB'],
  ['bootstrap', 'Bootstrap'],
];

/** The images the store runs, by role, and whether newer ones are configured. */
function StoreImages(props: { store: Store }) {
  const classes = useStyles();
  const { images, upgradeAvailable } = props.store;
  const known = IMAGE_ROLES.filter(([role]) => images?.[role]);
  return (
    <>
      {known.length === 0 ? (
        'not recorded'
      ) : (
        <ul className={classes.images}>
          {known.map(([role, label]) => (
            <li key={role}>
              {label}: <code>{images![role]}</code>
            </li>
          ))}
        </ul>
      )}
      {upgradeAvailable && (
        <Chip
          size="small"
          color="primary"
          label="Upgrade available"
          className={classes.upgrade}
        />
      )}
    </>
  );
}

/** The store's facts as a description list: URL, owner, engine, size, images, namespace, cluster, backups, times. */
export function StoreDetails(props: { store: Store; backups?: ReactNode }) {
  const classes = useStyles();
  const { store } = props;
  const rows: [string, ReactNode][] = [
    ['Storefront', <ExternalUrl url={store.url} />],
    ['Owner', <OwnerLink owner={store.owner} />],
    ['Engine', engineLabel(store.engine)],
    ['Size', sizeLabel(store.size)],
    ['Images', <StoreImages store={store} />],
    ['Namespace', store.namespace],
    ...(store.cluster
      ? [['Cluster', store.cluster] as [string, ReactNode]]
      : []),
    ...(props.backups
      ? [['Backups', props.backups] as [string, ReactNode]]
      : []),
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
