import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  StoreBackup,
  storeEntityRef,
  StoreSize,
} from '@store-platform/plugin-store-platform-common';
import { parseStoreName } from '../inputError';
import { runStoreOperation } from '../operations/runStoreOperation';
import { StoreRegistry } from '../ports';
import { examples } from './backupStore.examples';

/**
 * The cluster side of a backup (the node library's backupStore).
 *
 * @public
 */
export interface StoreBackupper {
  /** How many succeeded backups a store keeps. */
  retention(): number;
  /** A new backup id for the store, `<id>-YYYYMMDD-HHMMSS`. */
  newBackupId(storeId: string): string;
  /** Runs the backup Job under `backupId` (following it if it exists) and waits for it. */
  backup(options: {
    storeId: string;
    size: StoreSize;
    backupId: string;
    signal: AbortSignal;
    onProgress(message: string): void;
  }): Promise<StoreBackup>;
}

function describeSize(bytes: number | null): string {
  if (bytes === null) return '';
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `, ${mib.toFixed(1)} MiB` : `, ${bytes} bytes`;
}

/**
 * `store:backup` backs a `ready` store up: a Job in its namespace dumps the
 * database and archives wp-content into the store's backup volume; older
 * backups beyond the retention go once it succeeds. The store stays `ready`
 * either way; a failed backup is recorded in its history (and stays listed
 * as failed) and loses nothing. Its owners or a platform admin may.
 *
 * @public
 */
export function createBackupStoreAction(options: {
  registry: StoreRegistry;
  backups: StoreBackupper;
}) {
  const { registry, backups } = options;
  return createTemplateAction({
    id: 'store:backup',
    description:
      "Backs up a ready store: a Job dumps its database (mariadb-dump) and archives wp-content into a backup volume in the store's namespace; older backups beyond the retention are removed. Needs store.update (its owners or a platform admin).",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Id of the store to back up'),
      },
      output: {
        storeId: z => z.string(),
        entityRef: z => z.string().describe("The store's catalog entity"),
        backupId: z =>
          z.string().describe('The new backup, as listed on the store card'),
      },
    },
    async handler(ctx) {
      const storeId = parseStoreName(ctx.input.name);
      let made: { id: string; sizeBytes: number | null } | undefined;
      await runStoreOperation(ctx, {
        registry,
        operation: 'backup',
        storeId,
        describe: store => [
          `would back up store ${storeId}: dump its database and archive wp-content with a Job in namespace ${store.namespace}`,
          `would keep the backup in volume store-backups there, with the newest ${backups.retention()} succeeded backups`,
        ],
        async run({ store, signal, step }) {
          // Its own checkpoint: a resumed task follows the same backup, not a second one.
          const backupId = await step('id', 'Backup id', async progress => {
            const id = backups.newBackupId(storeId);
            progress(`the backup will be ${id}`);
            return id;
          });
          const done = await step('backup', 'Backup', async progress => {
            const backup = await backups.backup({
              storeId,
              size: store.size,
              backupId,
              signal,
              onProgress: progress,
            });
            return { id: backup.id, sizeBytes: backup.sizeBytes ?? null };
          });
          made = done;
          return {
            message: `backed up as ${done.id}${describeSize(done.sizeBytes)}`,
          };
        },
      });
      ctx.output('storeId', storeId);
      ctx.output('entityRef', storeEntityRef(storeId));
      if (made) ctx.output('backupId', made.id);
    },
  });
}
