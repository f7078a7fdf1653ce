import { CustomErrorBase, InputError } from '@backstage/errors';
import { KubeConfig, V1Job } from '@kubernetes/client-node';
import {
  StoreBackup,
  StoreSize,
} from '@store-platform/plugin-store-platform-common';
import { ProvisioningConfig } from '../config/provisioningConfig';
import { ProvisioningAbortedError, WaitFailedError } from '../errors';
import { mergePatchObject } from '../kube/apply';
import { isAlreadyExists } from '../kube/apiErrors';
import { KubeClients, kubeClients } from '../kube/clients';
import { deleteJob } from '../kube/deleteJob';
import { withRetry } from '../kube/retry';
import { newBackupId, parseBackupId } from '../resources/backupIds';
import {
  BACKUP_ANNOTATIONS,
  backupJobName,
  buildBackupJob,
} from '../resources/backupJobs';
import { BackupTarget } from '../resources/backupVolume';
import { storeNamespace } from '../resources/names';
import { waitForJobCompletion } from '../wait/waiters';
import { prepareBackupAccess, requireOwnNamespace } from './backupAccess';
import { backupOfJob, listBackupJobs } from './listBackups';

/** Longer than the Job's own deadline, so the Job's failure is what is reported. */
const WAIT_SLACK_MS = 60_000;

/**
 * Options of {@link backupStore}.
 *
 * @public
 */
export interface BackupStoreOptions {
  /** The store's id. */
  storeId: string;
  /** The store's size: the backup volume and the Job's resources follow it. */
  size: StoreSize;
  /**
   * The backup's id (`<store id>-YYYYMMDD-HHMMSS`), when the caller chose it
   * before (a task that runs again finds its own backup instead of making a
   * second one). Default: one made from the current time.
   */
  backupId?: string;
  /** Aborts the work (e.g. the scaffolder task was cancelled). */
  signal?: AbortSignal;
  /** Called with a line for the task log as the work goes on. */
  onProgress?: (message: string) => void;
  /** Extra labels on the Job's pod; programmatic only (the simulated cluster's failures). */
  podLabels?: Record<string, string>;
}

/**
 * A backup Job failed; the store and its earlier backups are as they were.
 *
 * @public
 */
export class BackupFailedError extends CustomErrorBase {
  /** The error's name, to tell it apart without `instanceof`. */
  name = 'BackupFailedError' as const;
}

const MAX_ANNOTATION_CHARS = 2000;

async function annotate(
  clients: KubeClients,
  job: { namespace: string; name: string },
  annotations: Record<string, string>,
  signal?: AbortSignal,
): Promise<V1Job> {
  return mergePatchObject<V1Job>(
    clients,
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { ...job, annotations } },
    { action: `annotate Job ${job.namespace}/${job.name}`, signal },
  );
}

/** The size the backup script reported as its termination message (`size-bytes=N`). */
async function reportedSize(
  clients: KubeClients,
  job: { namespace: string; name: string },
  signal?: AbortSignal,
): Promise<number | undefined> {
  const pods = await withRetry(
    `list pods of Job ${job.namespace}/${job.name}`,
    () =>
      clients.core.listNamespacedPod({
        namespace: job.namespace,
        labelSelector: `batch.kubernetes.io/job-name=${job.name}`,
      }),
    { signal },
  );
  for (const pod of pods.items) {
    for (const s of pod.status?.containerStatuses ?? []) {
      const m = /size-bytes=(\d+)/.exec(s.state?.terminated?.message ?? '');
      if (s.name === 'backup' && m) return Number(m[1]);
    }
  }
  return undefined;
}

/**
 * Creates the backup Job under a free id. A given id that exists already is
 * this backup, made by an earlier run of the same task: it is followed, not
 * repeated. A generated id taken within the same second moves on a second.
 */
async function createBackupJob(
  clients: KubeClients,
  target: BackupTarget,
  requestedId: string | undefined,
  signal?: AbortSignal,
): Promise<string> {
  let at = Date.now();
  for (let attempt = 0; ; attempt++) {
    const backupId = requestedId ?? newBackupId(target.storeId, new Date(at));
    const job = buildBackupJob(target, backupId);
    const created = await withRetry(
      `create Job ${job.metadata!.namespace}/${job.metadata!.name}`,
      () =>
        clients.batch
          .createNamespacedJob({
            namespace: job.metadata!.namespace!,
            body: job,
          })
          .then(() => true)
          .catch(e => (isAlreadyExists(e) ? false : Promise.reject(e))),
      { signal },
    );
    if (created || requestedId || attempt >= 5) {
      if (!created && !requestedId) {
        throw new BackupFailedError(
          `no free backup id for store ${target.storeId} around ${new Date(
            at,
          ).toISOString()}`,
        );
      }
      return backupId;
    }
    at += 1000;
  }
}

/**
 * Older backups beyond `backups.retention` lose their Job (their record);
 * the backup script already removed their files, by the same rule: the
 * newest `retention` succeeded backups stay, with every newer attempt.
 */
async function applyRetention(
  kubeConfig: KubeConfig,
  target: BackupTarget,
  signal?: AbortSignal,
): Promise<string[]> {
  const jobs = await listBackupJobs(kubeConfig, target.storeId, {
    installation: target.config.installation,
    signal,
  });
  const backups = jobs
    .map(job => ({ job, backup: backupOfJob(target.storeId, job) }))
    .filter(b => b.backup !== undefined)
    .sort((a, b) => b.backup!.id.localeCompare(a.backup!.id));
  const kept = backups
    .filter(b => b.backup!.status === 'succeeded')
    .slice(0, target.config.backups.retention);
  if (kept.length < target.config.backups.retention) return [];
  const oldestKept = kept[kept.length - 1].backup!.id;
  const removed = backups.filter(
    b => b.backup!.id < oldestKept && b.backup!.status !== 'running',
  );
  for (const { job } of removed) {
    await deleteJob(
      kubeClients(kubeConfig),
      { namespace: job.metadata!.namespace!, name: job.metadata!.name! },
      { propagationPolicy: 'Background', signal },
    );
  }
  return removed.map(b => b.backup!.id);
}

/**
 * Backs up a store: a Job in its namespace dumps the database
 * (`mariadb-dump`, credentials from the store's Secret through the
 * environment) and archives wp-content into the store's backup volume under
 * a new backup id, then older backups beyond the retention go. The store
 * keeps running throughout; a failed backup changes nothing else and stays
 * listed as failed (BackupFailedError says why). Cancelling removes the
 * unfinished backup's Job.
 *
 * @public
 */
export async function backupStore(
  kubeConfig: KubeConfig,
  config: ProvisioningConfig,
  options: BackupStoreOptions,
): Promise<StoreBackup> {
  const { storeId, signal } = options;
  const progress = options.onProgress ?? (() => {});
  if (options.backupId !== undefined) {
    const parsed = parseBackupId(options.backupId);
    if (!parsed || parsed.storeId !== storeId) {
      throw new InputError(
        `backupId: ${JSON.stringify(
          options.backupId,
        )} is not a backup id of store ${storeId} (${storeId}-YYYYMMDD-HHMMSS)`,
      );
    }
  }
  const clients = kubeClients(kubeConfig);
  const target: BackupTarget = {
    storeId,
    size: options.size,
    config,
    podLabels: options.podLabels,
  };
  await requireOwnNamespace(clients, target, 'back up', signal);
  progress('preparing the backup volume');
  await prepareBackupAccess(clients, target, { withVolume: true, signal });

  const backupId = await createBackupJob(
    clients,
    target,
    options.backupId,
    signal,
  );
  const job = {
    namespace: storeNamespace(storeId),
    name: backupJobName(backupId),
  };
  progress(`backing up store ${storeId} as ${backupId} (Job ${job.name})`);
  try {
    await waitForJobCompletion(kubeConfig, job.namespace, job.name, {
      signal,
      timeoutMs: config.timeouts.backupMs + WAIT_SLACK_MS,
      onProgress: progress,
    });
  } catch (error) {
    if (error instanceof ProvisioningAbortedError) {
      await deleteJob(clients, job, { propagationPolicy: 'Background' }).catch(
        () => undefined,
      );
      throw error;
    }
    if (error instanceof WaitFailedError) {
      await annotate(
        clients,
        job,
        {
          [BACKUP_ANNOTATIONS.failure]: error.message.slice(
            0,
            MAX_ANNOTATION_CHARS,
          ),
        },
        signal,
      ).catch(() => undefined); // the Job's own condition still says it failed
      throw new BackupFailedError(
        `backup ${backupId} of store ${storeId} failed; the store and its earlier backups are unchanged. ${error.message}`,
      );
    }
    throw error;
  }

  const sizeBytes = await reportedSize(clients, job, signal);
  const done = await annotate(
    clients,
    job,
    sizeBytes === undefined
      ? {}
      : { [BACKUP_ANNOTATIONS.sizeBytes]: String(sizeBytes) },
    signal,
  );
  const removed = await applyRetention(kubeConfig, target, signal);
  if (removed.length) {
    progress(
      `removed ${removed.length} older backup(s) beyond the retention of ${
        config.backups.retention
      }: ${removed.join(', ')}`,
    );
  }
  return backupOfJob(storeId, done)!;
}
