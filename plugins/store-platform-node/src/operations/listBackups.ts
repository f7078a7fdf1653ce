import { KubeConfig, V1Job } from '@kubernetes/client-node';
import { StoreBackup } from '@store-platform/plugin-store-platform-common';
import { isNotFound } from '../kube/apiErrors';
import { kubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import { parseBackupId } from '../resources/backupIds';
import { BACKUP_ANNOTATIONS, BACKUP_LABELS } from '../resources/backupJobs';
import { INSTALLATION_LABEL } from '../resources/labels';
import { storeNamespace } from '../resources/names';

/**
 * Options of {@link listBackups}.
 *
 * @public
 */
export interface ListBackupsOptions {
  /** Only this install's Jobs count. */
  installation: string;
  /** Aborts the work (e.g. the scaffolder task was cancelled). */
  signal?: AbortSignal;
}

function condition(job: V1Job, type: string) {
  return job.status?.conditions?.find(
    c => c.type === type && c.status === 'True',
  );
}

/** The backup a backup Job records; undefined for a Job that is not one of this store's. */
export function backupOfJob(
  storeId: string,
  job: V1Job,
): StoreBackup | undefined {
  const id = job.metadata?.labels?.[BACKUP_LABELS.id];
  const parsed = id ? parseBackupId(id) : undefined;
  if (!id || !parsed || parsed.storeId !== storeId) return undefined;
  const annotations = job.metadata?.annotations ?? {};
  const failed = condition(job, 'Failed') ?? condition(job, 'FailureTarget');
  let status: StoreBackup['status'] = 'running';
  if (condition(job, 'Complete')) status = 'succeeded';
  else if (failed) status = 'failed';
  const size = Number(annotations[BACKUP_ANNOTATIONS.sizeBytes]);
  const message =
    status === 'failed'
      ? annotations[BACKUP_ANNOTATIONS.failure] ??
        failed?.message ??
        'the backup Job failed'
      : undefined;
  return {
    id,
    createdAt: parsed.createdAt,
    status,
    ...(status === 'succeeded' && Number.isSafeInteger(size) && size >= 0
      ? { sizeBytes: size }
      : {}),
    ...(message ? { message } : {}),
  };
}

/** The backup Jobs of a store (this install's), as they are in the cluster. */
export async function listBackupJobs(
  kubeConfig: KubeConfig,
  storeId: string,
  options: ListBackupsOptions,
): Promise<V1Job[]> {
  const namespace = storeNamespace(storeId);
  const labelSelector = `${BACKUP_LABELS.role}=backup,${INSTALLATION_LABEL}=${options.installation}`;
  const jobs = await withRetry(
    `list backup Jobs in ${namespace}`,
    () =>
      kubeClients(kubeConfig)
        .batch.listNamespacedJob({ namespace, labelSelector })
        .catch(e => (isNotFound(e) ? undefined : Promise.reject(e))),
    { signal: options.signal },
  );
  return jobs?.items ?? [];
}

/**
 * A store's backups, newest first, read from its backup Jobs (their labels,
 * annotations and status): the cluster is the only record, so the list cannot
 * disagree with what exists. Empty for a store without a namespace.
 *
 * @public
 */
export async function listBackups(
  kubeConfig: KubeConfig,
  storeId: string,
  options: ListBackupsOptions,
): Promise<StoreBackup[]> {
  const jobs = await listBackupJobs(kubeConfig, storeId, options);
  return jobs
    .map(job => backupOfJob(storeId, job))
    .filter((b): b is StoreBackup => b !== undefined)
    .sort((a, b) => b.id.localeCompare(a.id));
}
