/**
 * Backup ids: `<store id>-YYYYMMDD-HHMMSS` (UTC). The time makes a store's
 * backups sort by age as plain strings (the backup script's retention relies
 * on it); the store id makes an id name its store, so a backup of another
 * store is refused by name, not by chance. At most 40 + 16 characters: a
 * label value (63).
 */
const STAMP = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/;
const BACKUP_ID = /^([a-z]([a-z0-9-]*[a-z0-9])?)-(\d{8}-\d{6})$/;

/** `YYYYMMDD-HHMMSS` of `date` in UTC. */
export function timeStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
}

/**
 * A new backup id for a store: its id and the time.
 *
 * @public
 */
export function newBackupId(storeId: string, date: Date = new Date()): string {
  return `${storeId}-${timeStamp(date)}`;
}

/**
 * What a backup id says.
 *
 * @public
 */
export interface ParsedBackupId {
  /** The store's id. */
  storeId: string;
  /** `YYYYMMDD-HHMMSS` */
  stamp: string;
  /** ISO 8601 */
  createdAt: string;
}

/**
 * The parts of a backup id; undefined when `id` is not one.
 *
 * @public
 */
export function parseBackupId(id: string): ParsedBackupId | undefined {
  const m = BACKUP_ID.exec(id);
  if (!m) return undefined;
  const t = STAMP.exec(m[3])!;
  const date = new Date(Date.UTC(+t[1], +t[2] - 1, +t[3], +t[4], +t[5], +t[6]));
  if (Number.isNaN(date.getTime()) || timeStamp(date) !== m[3]) {
    return undefined; // e.g. month 13: not a time we wrote
  }
  return { storeId: m[1], stamp: m[3], createdAt: date.toISOString() };
}

/** Backup ids of one store, newest first. */
export function newestFirst(ids: string[]): string[] {
  return [...ids].sort((a, b) => b.localeCompare(a));
}
