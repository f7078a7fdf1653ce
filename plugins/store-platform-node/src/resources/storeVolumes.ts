import { BACKUP_VOLUME } from './backupVolume';
import { OBJECT_NAMES } from './names';
import { SizePreset } from './sizes';

/**
 * A store's volumes, by claim name, with the part of the size preset that
 * sizes each when it is made. The backups' one exists once a backup was taken.
 */
export const STORE_VOLUMES: ReadonlyArray<{
  claim: string;
  part: keyof SizePreset['storage'];
}> = [
  { claim: OBJECT_NAMES.mariadbData, part: 'database' },
  { claim: OBJECT_NAMES.wordpressData, part: 'storefront' },
  { claim: BACKUP_VOLUME, part: 'backup' },
];
