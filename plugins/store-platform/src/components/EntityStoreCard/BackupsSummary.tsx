import { StoreBackup } from '@internal/plugin-store-platform-common';
import { describeError } from '../../api';
import { Timestamp } from '../shared/Timestamp';

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

/** How many backups the store has and how the newest one went (the list is newest first). */
export function BackupsSummary(props: {
  backups?: StoreBackup[];
  error?: unknown;
}) {
  const { backups, error } = props;
  if (error) return <>could not be read: {describeError(error)}</>;
  if (!backups) return <>…</>;
  if (backups.length === 0) return <>none yet</>;
  const [newest] = backups;
  return (
    <>
      {backups.length}, newest <Timestamp value={newest.createdAt} /> (
      {newest.status}
      {newest.sizeBytes !== undefined
        ? `, ${formatBytes(newest.sizeBytes)}`
        : ''}
      )
    </>
  );
}
