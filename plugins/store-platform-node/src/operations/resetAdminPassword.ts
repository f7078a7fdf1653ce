import { ConflictError, NotFoundError } from '@backstage/errors';
import { KubeConfig, V1Job } from '@kubernetes/client-node';
import { StoreSize } from '@store-platform/plugin-store-platform-common';
import { ProvisioningConfig } from '../config/provisioningConfig';
import { applyObject, mergePatchObject } from '../kube/apply';
import { isAlreadyExists, isNotFound } from '../kube/apiErrors';
import { KubeClients, kubeClients } from '../kube/clients';
import { deleteJob } from '../kube/deleteJob';
import { withRetry } from '../kube/retry';
import {
  ADMIN_PASSWORD_RESET,
  AdminPasswordResetTarget,
  buildAdminPasswordResetJob,
  buildAdminPasswordResetSecret,
} from '../resources/adminPasswordJob';
import { OBJECT_NAMES, SECRET_KEYS, storeNamespace } from '../resources/names';
import { generatePassword } from '../resources/secrets';
import { waitForJobCompletion } from '../wait/waiters';
import { waitUntilGone } from '../wait/waitUntilGone';
import { readAdminCredentials } from './adminCredentials';

/**
 * How long an admin password reset may take by default.
 *
 * @public
 */
export const DEFAULT_ADMIN_PASSWORD_RESET_TIMEOUT_MS = 5 * 60_000;

/** A suspended reset Job older than this was left by an interrupted reset. */
const ABANDONED_AFTER_MS = 60_000;

/**
 * Options of {@link resetAdminPassword}.
 *
 * @public
 */
export interface ResetAdminPasswordOptions {
  /** The store's size: the Job's resources follow it. */
  size: StoreSize;
  /** Aborts the work (e.g. the scaffolder task was cancelled). */
  signal?: AbortSignal;
  /** How long the reset Job may take. */
  timeoutMs?: number;
  /** Called with a line for the task log as the work goes on. */
  onProgress?: (message: string) => void;
}

function isFinished(job: V1Job): boolean {
  return (job.status?.conditions ?? []).some(
    c => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

function isAbandoned(job: V1Job): boolean {
  const created = job.metadata?.creationTimestamp;
  return (
    job.spec?.suspend === true &&
    created !== undefined &&
    Date.now() - new Date(created).getTime() > ABANDONED_AFTER_MS
  );
}

/**
 * Creates the suspended reset Job. The fixed name makes it a lock: while one
 * reset runs, another is refused. A finished or abandoned Job from an earlier
 * reset is replaced.
 */
async function createResetJob(
  kc: KubeConfig,
  clients: KubeClients,
  job: V1Job,
  signal?: AbortSignal,
): Promise<V1Job> {
  const namespace = job.metadata!.namespace!;
  const name = job.metadata!.name!;
  const create = () =>
    withRetry(
      `create Job ${namespace}/${name}`,
      () =>
        clients.batch
          .createNamespacedJob({ namespace, body: job })
          .catch(e => (isAlreadyExists(e) ? undefined : Promise.reject(e))),
      { signal },
    );
  const created = await create();
  if (created) return created;

  const existing = await withRetry(
    `read Job ${namespace}/${name}`,
    () =>
      clients.batch
        .readNamespacedJob({ name, namespace })
        .catch(e => (isNotFound(e) ? undefined : Promise.reject(e))),
    { signal },
  );
  if (existing && !isFinished(existing) && !isAbandoned(existing)) {
    throw new ConflictError(
      `a reset of the admin password of store ${namespace.replace(
        /^store-/,
        '',
      )} is already running (Job ${namespace}/${name}); try again when it is done`,
    );
  }
  if (existing) {
    await deleteJob(
      clients,
      { namespace, name },
      { propagationPolicy: 'Foreground', signal },
    );
    await waitUntilGone(kc, 'Job', namespace, name, {
      signal,
      timeoutMs: 60_000,
    });
  }
  const again = await create();
  if (!again) {
    throw new ConflictError(
      `another reset of the admin password started meanwhile (Job ${namespace}/${name})`,
    );
  }
  return again;
}

/**
 * Gives the store's WordPress administrator a new random password: a Job
 * sets it in WordPress (wp-cli reads it from a one-off Secret, never from a
 * command line), then it replaces the old one in `mariadb-secret`. Until the
 * Job has succeeded the Secret keeps the password that works. The new
 * password is never returned: it is read like the first one.
 *
 * Throws NotFoundError when the store has no credentials (yet), ConflictError
 * when a reset is already running.
 *
 * @public
 */
export async function resetAdminPassword(
  kubeConfig: KubeConfig,
  config: ProvisioningConfig,
  storeId: string,
  options: ResetAdminPasswordOptions,
): Promise<void> {
  const { signal } = options;
  const namespace = storeNamespace(storeId);
  const clients = kubeClients(kubeConfig);
  const timeoutMs =
    options.timeoutMs ?? DEFAULT_ADMIN_PASSWORD_RESET_TIMEOUT_MS;
  const target: AdminPasswordResetTarget = {
    storeId,
    size: options.size,
    config,
  };

  const current = await readAdminCredentials(kubeConfig, storeId, {
    installation: config.installation,
    signal,
  });
  if (!current) {
    throw new NotFoundError(
      `store ${storeId} has no admin credentials of this install (Secret ${namespace}/${OBJECT_NAMES.mariadbSecret})`,
    );
  }

  const job = await createResetJob(
    kubeConfig,
    clients,
    buildAdminPasswordResetJob(target, timeoutMs),
    signal,
  );
  try {
    const password = generatePassword();
    await applyObject(
      clients,
      buildAdminPasswordResetSecret(
        target,
        { uid: job.metadata!.uid! },
        password,
      ),
      { signal },
    );
    await mergePatchObject<V1Job>(
      clients,
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: ADMIN_PASSWORD_RESET, namespace },
        spec: { suspend: false } as V1Job['spec'],
      },
      { action: `start Job ${namespace}/${ADMIN_PASSWORD_RESET}`, signal },
    );
    options.onProgress?.(`waiting for Job ${ADMIN_PASSWORD_RESET}`);
    await waitForJobCompletion(kubeConfig, namespace, ADMIN_PASSWORD_RESET, {
      signal,
      timeoutMs,
      onProgress: options.onProgress,
    });
    // A merge patch of this one key: the other passwords stay as they are.
    await mergePatchObject(
      clients,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: OBJECT_NAMES.mariadbSecret, namespace },
        data: {
          [SECRET_KEYS.adminPassword]: Buffer.from(password).toString('base64'),
        },
      },
      { signal },
    );
  } finally {
    // Background: the Job goes at once; its pod and its Secret follow (owner references).
    await deleteJob(
      clients,
      { namespace, name: ADMIN_PASSWORD_RESET },
      { propagationPolicy: 'Background' },
    ).catch(() => undefined); // left to ttlSecondsAfterFinished
  }
}
