import { ConflictError } from '@backstage/errors';
import { KubeConfig, V1Job } from '@kubernetes/client-node';
import { StoreSize } from '@store-platform/plugin-store-platform-common';
import { ProvisioningConfig } from '../config/provisioningConfig';
import { WaitFailedError } from '../errors';
import { applyObject, mergePatchObject } from '../kube/apply';
import { KubeClients, kubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import {
  buildExportEgressPolicy,
  ExportPeers,
} from '../resources/backupExport';
import {
  BACKUP_LABELS,
  buildRestoreJob,
  exportJobName,
  restoreJobName,
  RestoreSource,
} from '../resources/backupJobs';
import { BackupTarget } from '../resources/backupVolume';
import { INSTALLATION_LABEL } from '../resources/labels';
import { storeNamespace } from '../resources/names';
import { waitForJobCompletion } from '../wait/waiters';
import { prepareBackupAccess, requireOwnNamespace } from './backupAccess';
import { startBackupExport } from './backupExportServer';
import { requireRestorableBackup } from './restorableBackup';

const WAIT_SLACK_MS = 60_000;

/**
 * Options of {@link restoreStore}.
 *
 * @public
 */
export interface RestoreStoreOptions {
  /** The store that receives the data. */
  storeId: string;
  /** The store's size preset. */
  size: StoreSize;
  /** The backup to restore. */
  backupId: string;
  /**
   * The store the backup belongs to, when it is not `storeId`: a clone,
   * whose new store (already provisioned, with its own Secrets) receives a
   * copy of the source's backup.
   */
  source?: { storeId: string; size: StoreSize };
  /** Aborts the work (e.g. the scaffolder task was cancelled). */
  signal?: AbortSignal;
  /** Called with a line for the task log as the work goes on. */
  onProgress?: (message: string) => void;
  /** Extra labels on the Jobs' pods; programmatic only (the simulated cluster's failures). */
  podLabels?: Record<string, string>;
}

/** A restore Job still running in the namespace: followed again if it restores the same backup. */
async function runningRestore(
  clients: KubeClients,
  target: BackupTarget,
  signal?: AbortSignal,
): Promise<V1Job | undefined> {
  const namespace = storeNamespace(target.storeId);
  const jobs = await withRetry(
    `list restore Jobs in ${namespace}`,
    () =>
      clients.batch.listNamespacedJob({
        namespace,
        labelSelector: `${BACKUP_LABELS.role}=restore,${INSTALLATION_LABEL}=${target.config.installation}`,
      }),
    { signal },
  );
  return jobs.items.find(
    j =>
      !(j.status?.conditions ?? []).some(
        c =>
          (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
      ),
  );
}

async function unsuspend(
  clients: KubeClients,
  job: { namespace: string; name: string },
  signal?: AbortSignal,
) {
  await mergePatchObject<V1Job>(
    clients,
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: job,
      spec: { suspend: false } as V1Job['spec'],
    },
    { action: `start Job ${job.namespace}/${job.name}`, signal },
  );
}

/**
 * Restores a succeeded backup into a store: a Job in the store's namespace
 * loads the dump into its database and swaps in the backup's wp-content; the
 * store keeps its address and its own admin password (from its Secret).
 *
 * With `source`, the backup is another store's, copied into this one (a
 * clone): a short-lived export server in the source namespace serves it to
 * this store's restore Job alone (resources/backupExport.ts says why).
 *
 * Refused, before anything changes, when the id names another store, when
 * the backup does not exist or has not succeeded, or when another restore is
 * running. Cancelling stops the wait, not the Job: a restore cut halfway
 * would leave the store worse than either state.
 *
 * @public
 */
export async function restoreStore(
  kubeConfig: KubeConfig,
  config: ProvisioningConfig,
  options: RestoreStoreOptions,
): Promise<{ storeId: string; backupId: string }> {
  const { signal, backupId } = options;
  const progress = options.onProgress ?? (() => {});
  const clients = kubeClients(kubeConfig);
  const target: BackupTarget = {
    storeId: options.storeId,
    size: options.size,
    config,
    podLabels: options.podLabels,
  };
  const source: BackupTarget = options.source
    ? { ...options.source, config, podLabels: options.podLabels }
    : target;
  const isClone = source.storeId !== target.storeId;

  await requireOwnNamespace(clients, source, 'restore from', signal);
  if (isClone)
    await requireOwnNamespace(clients, target, 'restore into', signal);
  await requireRestorableBackup(kubeConfig, source.storeId, backupId, {
    installation: config.installation,
    signal,
  });

  const namespace = storeNamespace(target.storeId);
  const running = await runningRestore(clients, target, signal);
  if (running) {
    const name = running.metadata!.name!;
    if (running.metadata?.labels?.[BACKUP_LABELS.id] !== backupId) {
      throw new ConflictError(
        `store ${target.storeId} is already restoring backup ${
          running.metadata?.labels?.[BACKUP_LABELS.id]
        } (Job ${namespace}/${name}); try again when it is done`,
      );
    }
    progress(`following the restore already running (Job ${name})`);
    await waitForRestore(kubeConfig, namespace, name, config, progress, signal);
    return { storeId: target.storeId, backupId };
  }

  await prepareBackupAccess(clients, target, { withVolume: false, signal });
  const now = new Date();
  const name = restoreJobName(now);
  if (!isClone) {
    progress(
      `restoring backup ${backupId} into store ${target.storeId} (Job ${name})`,
    );
    await create(
      clients,
      buildRestoreJob(target, { name, backupId, source: { kind: 'volume' } }),
      signal,
    );
    await waitForRestore(kubeConfig, namespace, name, config, progress, signal);
    return { storeId: target.storeId, backupId };
  }

  const peers: ExportPeers = {
    source,
    targetStoreId: target.storeId,
    exportJobName: exportJobName(now),
    restoreJobName: name,
  };
  const server = await startBackupExport(kubeConfig, peers, {
    backupId,
    // It starts first, so it outlives the restore Job's own deadline.
    timeoutMs: config.timeouts.restoreMs + WAIT_SLACK_MS,
    signal,
    onProgress: progress,
  });
  try {
    const exportSource: RestoreSource = { kind: 'export', url: server.url };
    // Suspended until its NetworkPolicy, owned by it, exists: the fetch must not start denied.
    const job = await create(
      clients,
      buildRestoreJob(target, {
        name,
        backupId,
        source: exportSource,
        suspend: true,
      }),
      signal,
    );
    await applyObject(
      clients,
      buildExportEgressPolicy(peers, job.metadata!.uid!),
      { signal },
    );
    await unsuspend(clients, { namespace, name }, signal);
    progress(
      `copying backup ${backupId} of store ${source.storeId} into store ${target.storeId} (Job ${name})`,
    );
    await waitForRestore(kubeConfig, namespace, name, config, progress, signal);
  } finally {
    await server.stop().catch(() => undefined); // else its deadline ends it
  }
  return { storeId: target.storeId, backupId };
}

async function create(
  clients: KubeClients,
  job: V1Job,
  signal?: AbortSignal,
): Promise<V1Job> {
  const namespace = job.metadata!.namespace!;
  return withRetry(
    `create Job ${namespace}/${job.metadata!.name}`,
    () => clients.batch.createNamespacedJob({ namespace, body: job }),
    { signal },
  );
}

async function waitForRestore(
  kubeConfig: KubeConfig,
  namespace: string,
  name: string,
  config: ProvisioningConfig,
  progress: (message: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await waitForJobCompletion(kubeConfig, namespace, name, {
      signal,
      timeoutMs: config.timeouts.restoreMs + WAIT_SLACK_MS,
      onProgress: progress,
    });
  } catch (error) {
    if (error instanceof WaitFailedError) {
      throw new WaitFailedError(
        error.target,
        error.reason,
        `the restore did not complete; the backup itself is unchanged. ${error.detail}`,
        error.logTail,
      );
    }
    throw error;
  }
}
