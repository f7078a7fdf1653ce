import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  storeEntityRef,
  StoreSize,
} from '@store-platform/plugin-store-platform-common';
import { parseStoreName } from '../inputError';
import { runStoreOperation } from '../operations/runStoreOperation';
import { StoreRegistry } from '../ports';
import { examples } from './upgradeStore.examples';

/**
 * The images of a store's workloads, as an upgrade moves them.
 *
 * @public
 */
export type StoreUpgradeImages = {
  /** The storefront image. */
  wordpress: string;
  /** The database image. */
  mariadb: string;
  /** The image of the bootstrap Job (WP-CLI), which runs the database upgrade. */
  bootstrap: string;
};

/**
 * How a long step of an upgrade is cancelled and reports progress.
 *
 * @public
 */
export type StoreUpgradeProgress = {
  /** Aborts the step (the task was cancelled). */
  signal: AbortSignal;
  /** Called with a line for the task log as the step goes on. */
  onProgress(message: string): void;
};

/**
 * The cluster side of an upgrade (the node library's backupStore and upgradeStore).
 *
 * @public
 */
export interface StoreUpgrader {
  /** The images new stores get now: what an upgrade moves a store to. */
  configuredImages(): StoreUpgradeImages;
  /** A new id for the backup the upgrade starts with. */
  newBackupId(storeId: string): string;
  /** Takes the backup the upgrade starts with, under `backupId`, and waits for it. */
  backup(
    options: StoreUpgradeProgress & {
      storeId: string;
      size: StoreSize;
      backupId: string;
    },
  ): Promise<{ id: string }>;
  /**
   * Rolls MariaDB and WordPress to the configured images and runs the
   * database upgrade Job; a rollout that does not become ready is rolled back
   * and the error says so.
   */
  upgrade(
    storeId: string,
    options: StoreUpgradeProgress & { backupId: string },
  ): Promise<{
    images: StoreUpgradeImages;
    previous: { wordpress: string; mariadb: string };
  }>;
}

/**
 * `store:upgrade` moves a `ready` store to the configured images: a backup
 * first, then MariaDB and WordPress rolled to the new images (each awaited),
 * then the database upgrade Job (WordPress core and WooCommerce). A rollout
 * that never becomes ready is rolled back to the previous images and the
 * task fails saying so; the store stays `ready` either way, and records the
 * images it runs.
 *
 * @public
 */
export function createUpgradeStoreAction(options: {
  registry: StoreRegistry;
  cluster: StoreUpgrader;
}) {
  const { registry, cluster } = options;
  return createTemplateAction({
    id: 'store:upgrade',
    description:
      'Upgrades a ready store to the configured images: backup first, MariaDB and WordPress rolled out, database upgrade Job; a rollout that never becomes ready is rolled back. Needs store.update (its owners or a platform admin).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Id of the store to upgrade'),
      },
      output: {
        storeId: z => z.string(),
        entityRef: z => z.string().describe("The store's catalog entity"),
        backupId: z =>
          z.string().describe('The backup taken before the upgrade'),
      },
    },
    async handler(ctx) {
      const storeId = parseStoreName(ctx.input.name);
      let backupId: string | undefined;
      await runStoreOperation(ctx, {
        registry,
        operation: 'upgrade',
        storeId,
        describe: store => {
          const target = cluster.configuredImages();
          const from = (role: 'wordpress' | 'mariadb') =>
            store.images?.[role] ?? 'its current image';
          return [
            `would back up store ${storeId} first`,
            `would roll MariaDB from ${from('mariadb')} to ${
              target.mariadb
            }, then WordPress from ${from('wordpress')} to ${
              target.wordpress
            }, waiting for each (rolled back if not ready in time)`,
            `would run the database upgrade Job with ${target.bootstrap}`,
          ];
        },
        async run({ store, signal, step }) {
          // Its own checkpoint: a resumed task follows the same backup, not a second one.
          const id = await step('backup-id', 'Backup id', async progress => {
            const chosen = cluster.newBackupId(storeId);
            progress(`the backup will be ${chosen}`);
            return chosen;
          });
          backupId = (
            await step('backup', 'Back up before the upgrade', progress =>
              cluster.backup({
                storeId,
                size: store.size,
                backupId: id,
                signal,
                onProgress: progress,
              }),
            )
          ).id;
          const result = await step(
            'upgrade',
            'Roll out the configured images and upgrade the database',
            progress =>
              cluster.upgrade(storeId, {
                backupId: id,
                signal,
                onProgress: progress,
              }),
          );
          const { images, previous } = result;
          return {
            message: `upgraded to wordpress ${images.wordpress}, mariadb ${images.mariadb} (from ${previous.wordpress}, ${previous.mariadb}); backup ${id} taken first`,
            changes: { images },
          };
        },
      });
      ctx.output('storeId', storeId);
      ctx.output('entityRef', storeEntityRef(storeId));
      if (backupId) ctx.output('backupId', backupId);
    },
  });
}
