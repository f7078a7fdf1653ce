import { CustomErrorBase } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { StoreSize } from '@store-platform/plugin-store-platform-common';
import { ProvisioningConfig } from '../config/provisioningConfig';
import {
  ProvisioningAbortedError,
  WaitFailedError,
  WaitTimeoutError,
} from '../errors';
import { applyObject } from '../kube/apply';
import { kubeClients } from '../kube/clients';
import { deleteJob } from '../kube/deleteJob';
import { buildMariadbStatefulSet } from '../resources/database';
import {
  buildDatabaseUpgradeJob,
  DATABASE_UPGRADE_JOB,
} from '../resources/databaseUpgradeJob';
import { OBJECT_NAMES } from '../resources/names';
import { buildWordpressDeployment } from '../resources/storefront';
import {
  waitForDeploymentReady,
  waitForJobCompletion,
  waitForStatefulSetReady,
} from '../wait/waiters';
import { waitUntilGone } from '../wait/waitUntilGone';
import { backupStore } from './backupStore';
import {
  LiveStore,
  liveBuildContext,
  readLiveStore,
  RunningImages,
} from './liveStore';

/**
 * Takes the backup an upgrade starts with; resolves with its id once it has succeeded.
 *
 * @public
 */
export type BackupBeforeUpgrade = (options: {
  /** The store's size: the backup volume and Job follow it. */
  size: StoreSize;
  /** Aborts the work (e.g. the scaffolder task was cancelled). */
  signal?: AbortSignal;
  /** Called with a line for the task log as the work goes on. */
  onProgress?: (message: string) => void;
}) => Promise<{ id: string }>;

/**
 * Options of {@link upgradeStore}.
 *
 * @public
 */
export interface UpgradeOptions {
  /** Aborts the work (e.g. the scaffolder task was cancelled). */
  signal?: AbortSignal;
  /** Each rollout's limit; default: the provisioning config's ready timeouts. */
  timeoutMs?: number;
  /** Called with a line for the task log as the work goes on. */
  onProgress?: (message: string) => void;
  /** The backup taken before anything changes; default: the backup operation's (backupStore). */
  backup?: BackupBeforeUpgrade;
}

/**
 * What an upgrade changed.
 *
 * @public
 */
export interface UpgradeResult {
  /** The images the store runs now. */
  images: RunningImages;
  /** The images it ran before. */
  previous: { wordpress: string; mariadb: string };
  /** The backup taken first; absent when the images were already the configured ones. */
  backupId?: string;
}

/**
 * The new images never became ready: the store runs its previous images again.
 *
 * @public
 */
export class UpgradeRolledBackError extends CustomErrorBase {
  /** The error's name, to tell it apart without `instanceof`. */
  name = 'UpgradeRolledBackError' as const;
}

/**
 * The images moved but the database upgrade Job failed.
 *
 * @public
 */
export class UpgradeDatabaseError extends CustomErrorBase {
  /** The error's name, to tell it apart without `instanceof`. */
  name = 'UpgradeDatabaseError' as const;
}

type WorkloadImages = { wordpress: string; mariadb: string };

function describe(images: WorkloadImages): string {
  return `wordpress ${images.wordpress}, mariadb ${images.mariadb}`;
}

/** Applies the store's workloads with `images` (its size unchanged) and waits for both. */
async function rollTo(
  kubeConfig: KubeConfig,
  config: ProvisioningConfig,
  store: LiveStore,
  images: WorkloadImages,
  options: Omit<UpgradeOptions, 'backup'>,
): Promise<void> {
  const clients = kubeClients(kubeConfig);
  const ctx = liveBuildContext(store, config, { images });
  const { signal, onProgress } = options;
  // The database first: the new WordPress may rely on the new server.
  await applyObject(clients, buildMariadbStatefulSet(ctx), { signal });
  await waitForStatefulSetReady(
    kubeConfig,
    store.namespace,
    OBJECT_NAMES.mariadb,
    {
      signal,
      onProgress,
      timeoutMs: options.timeoutMs ?? config.timeouts.databaseReadyMs,
    },
  );
  await applyObject(clients, buildWordpressDeployment(ctx), { signal });
  await waitForDeploymentReady(
    kubeConfig,
    store.namespace,
    OBJECT_NAMES.wordpress,
    {
      signal,
      onProgress,
      timeoutMs: options.timeoutMs ?? config.timeouts.storefrontReadyMs,
    },
  );
}

/** Runs the database upgrade Job with the configured wp-cli image, replacing an earlier one. */
async function upgradeDatabase(
  kubeConfig: KubeConfig,
  config: ProvisioningConfig,
  store: LiveStore,
  options: Omit<UpgradeOptions, 'backup'>,
): Promise<void> {
  const { signal, onProgress } = options;
  const clients = kubeClients(kubeConfig);
  const namespace = store.namespace;
  const timeoutMs = config.timeouts.bootstrapMs;
  // A Job cannot be changed: the one of an earlier upgrade goes first.
  await deleteJob(
    clients,
    { namespace, name: DATABASE_UPGRADE_JOB },
    { propagationPolicy: 'Foreground', signal },
  );
  await waitUntilGone(kubeConfig, 'Job', namespace, DATABASE_UPGRADE_JOB, {
    signal,
    timeoutMs: 60_000,
  });
  const ctx = liveBuildContext(store, config);
  onProgress?.(
    `running Job ${DATABASE_UPGRADE_JOB} (wp core update-db, wp wc update) with ${config.images.wpCli}`,
  );
  await applyObject(clients, buildDatabaseUpgradeJob(ctx, timeoutMs), {
    signal,
  });
  await waitForJobCompletion(kubeConfig, namespace, DATABASE_UPGRADE_JOB, {
    signal,
    onProgress,
    timeoutMs,
  });
}

/**
 * Moves a store to the configured images (`config.images`): a backup first
 * (backupStore, unless `options.backup` is given), then MariaDB and WordPress rolled to the new images,
 * each awaited, then the database upgrade Job (WordPress core and WooCommerce
 * schema) with the configured wp-cli image.
 *
 * A rollout that does not become ready in time (or fails: image pull, crash
 * loop, quota) is rolled back to the previous images, awaited, and the
 * UpgradeRolledBackError says so and why. A cancelled upgrade puts the
 * previous images back without waiting. A failed database upgrade Job is
 * not rolled back (the schema may have moved): the error names the backup.
 * Run again, an upgrade whose images are in place only re-runs the Job.
 *
 * @public
 */
export async function upgradeStore(
  kubeConfig: KubeConfig,
  config: ProvisioningConfig,
  storeId: string,
  options: UpgradeOptions,
): Promise<UpgradeResult> {
  const { signal, onProgress } = options;
  const store = await readLiveStore(kubeConfig, config, storeId, {
    signal,
    action: 'upgrade',
  });
  const previous = { ...store.images };
  const target = {
    wordpress: config.images.wordpress,
    mariadb: config.images.mariadb,
  };
  const images: RunningImages = { ...target, bootstrap: config.images.wpCli };
  const moves =
    previous.wordpress !== target.wordpress ||
    previous.mariadb !== target.mariadb;

  let backupId: string | undefined;
  if (moves) {
    onProgress?.(`backing up store ${storeId} before the upgrade`);
    const backup: BackupBeforeUpgrade =
      options.backup ??
      (o => backupStore(kubeConfig, config, { storeId, ...o }));
    backupId = (await backup({ size: store.size, signal, onProgress })).id;
    onProgress?.(`backup ${backupId} done`);
    onProgress?.(`rolling from ${describe(previous)} to ${describe(target)}`);
    try {
      await rollTo(kubeConfig, config, store, target, options);
    } catch (error) {
      if (error instanceof ProvisioningAbortedError) {
        // Cancelled: the previous images go back; waiting is the cancelled task's no longer.
        const clients = kubeClients(kubeConfig);
        const ctx = liveBuildContext(store, config, { images: previous });
        await applyObject(clients, buildMariadbStatefulSet(ctx));
        await applyObject(clients, buildWordpressDeployment(ctx));
        throw error;
      }
      if (
        !(error instanceof WaitTimeoutError || error instanceof WaitFailedError)
      )
        throw error;
      onProgress?.(
        `the new images did not become ready (${
          error.message
        }); rolling back to ${describe(previous)}`,
      );
      try {
        await rollTo(kubeConfig, config, store, previous, options);
      } catch (rollbackError) {
        throw new UpgradeRolledBackError(
          `upgrade of store ${storeId} failed: ${
            error.message
          }\nthe rollback to ${describe(
            previous,
          )} did not become ready either: ${
            (rollbackError as Error).message
          }\nbackup ${backupId} was taken before the upgrade`,
        );
      }
      throw new UpgradeRolledBackError(
        `upgrade of store ${storeId} rolled back to its previous images (${describe(
          previous,
        )}): ${error.message}`,
      );
    }
  } else {
    onProgress?.(
      `store ${storeId} already runs ${describe(
        target,
      )}; only the database upgrade runs`,
    );
  }

  try {
    await upgradeDatabase(kubeConfig, config, store, options);
  } catch (error) {
    if (error instanceof ProvisioningAbortedError) throw error;
    throw new UpgradeDatabaseError(
      `the database upgrade of store ${storeId} failed; it runs ${describe(
        target,
      )}${
        backupId ? `, and backup ${backupId} holds its data from before` : ''
      }: ${(error as Error).message}`,
    );
  }
  return { images, previous, ...(backupId ? { backupId } : {}) };
}
