import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { StoreBackup } from '@store-platform/plugin-store-platform-common';
import { parseBackupId } from '../resources/backupIds';
import { listBackups } from './listBackups';

/**
 * Refuses a backup id that is not one, or names another store than `storeId`
 * (ids start with their store's id). No cluster call: callers check input
 * with it before they change anything.
 *
 * @public
 */
export function checkBackupOfStore(storeId: string, backupId: string): void {
  const parsed = parseBackupId(backupId);
  if (!parsed) {
    throw new InputError(
      `backup: ${JSON.stringify(
        backupId,
      )} is not a backup id (<store id>-YYYYMMDD-HHMMSS, as listed on the store's page)`,
    );
  }
  if (parsed.storeId !== storeId) {
    throw new InputError(
      `backup: ${backupId} is a backup of store ${parsed.storeId}, not of store ${storeId}; ` +
        `a store can be restored only from its own backups (to copy ${parsed.storeId}'s data, ` +
        `restore ${backupId} from store ${parsed.storeId} with a targetName)`,
    );
  }
}

/**
 * The backup `backupId` of store `storeId`, if it can be restored: it exists
 * in the cluster (NotFoundError naming the store's backups otherwise) and has
 * succeeded (ConflictError naming its status otherwise).
 *
 * @public
 */
export async function requireRestorableBackup(
  kubeConfig: KubeConfig,
  storeId: string,
  backupId: string,
  options: { installation: string; signal?: AbortSignal },
): Promise<StoreBackup> {
  checkBackupOfStore(storeId, backupId);
  const backups = await listBackups(kubeConfig, storeId, options);
  const backup = backups.find(b => b.id === backupId);
  if (!backup) {
    const known = backups.filter(b => b.status === 'succeeded').map(b => b.id);
    throw new NotFoundError(
      `backup: store ${storeId} has no backup ${backupId}; ${
        known.length
          ? `its backups that can be restored: ${known.join(', ')}`
          : 'it has no backup that can be restored (run store-backup first)'
      }`,
    );
  }
  if (backup.status !== 'succeeded') {
    throw new ConflictError(
      `backup: backup ${backupId} of store ${storeId} is ${backup.status}; only a succeeded backup can be restored`,
    );
  }
  return backup;
}
