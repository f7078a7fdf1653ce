import { makeStyles } from '@material-ui/core/styles';
import { StoreBackup } from '@store-platform/plugin-store-platform-common';
import { describeError } from '../../api';
import { Timestamp } from '../shared/Timestamp';

const useStyles = makeStyles({
  list: { margin: 0, padding: 0, listStyle: 'none' },
});

/** Size in the unit that keeps it short: 1.5 MB rather than 1572864 bytes. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0
    ? `${value} bytes`
    : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** How many backups are listed on the card; the rest are counted. */
const SHOWN = 5;

/**
 * The store's backups, newest first, each by its id (what the restore form
 * asks for), time, status and size.
 */
export function BackupsSummary(props: {
  backups?: StoreBackup[];
  error?: unknown;
}) {
  const classes = useStyles();
  const { backups, error } = props;
  if (error) return <>could not be read: {describeError(error)}</>;
  if (!backups) return <>…</>;
  if (backups.length === 0) return <>none yet</>;
  const hidden = backups.length - SHOWN;
  return (
    <>
      <ul className={classes.list}>
        {backups.slice(0, SHOWN).map(backup => (
          <li key={backup.id}>
            <code>{backup.id}</code>: <Timestamp value={backup.createdAt} /> (
            {backup.status}
            {backup.sizeBytes !== undefined
              ? `, ${formatBytes(backup.sizeBytes)}`
              : ''}
            )
          </li>
        ))}
      </ul>
      {hidden > 0 && <>and {hidden} older</>}
    </>
  );
}
