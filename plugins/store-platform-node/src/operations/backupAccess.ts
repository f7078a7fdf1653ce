import { NotFoundError } from '@backstage/errors';
import { foreignNamespaceError, ownerOf } from '../cluster/namespaceOwnership';
import { applyObject, createIfAbsent } from '../kube/apply';
import { isNotFound } from '../kube/apiErrors';
import { KubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import { BackupTarget, buildBackupVolume } from '../resources/backupVolume';
import {
  buildLimitRangeOf,
  buildResourceQuotaOf,
} from '../resources/namespace';
import { buildNetworkPoliciesOf } from '../resources/networkPolicies';
import { storeNamespace } from '../resources/names';

/**
 * Refuses a store whose namespace is missing (NotFoundError) or not this
 * install's (ForeignNamespaceError): a backup or restore never touches it.
 */
export async function requireOwnNamespace(
  clients: KubeClients,
  target: Pick<BackupTarget, 'storeId' | 'config'>,
  action: string,
  signal?: AbortSignal,
): Promise<void> {
  const name = storeNamespace(target.storeId);
  const ns = await withRetry(
    `read Namespace ${name}`,
    () =>
      clients.core
        .readNamespace({ name })
        .catch(e => (isNotFound(e) ? undefined : Promise.reject(e))),
    { signal },
  );
  if (!ns) {
    throw new NotFoundError(
      `store ${target.storeId} has no namespace ${name} in the cluster`,
    );
  }
  const owner = ownerOf(ns, target.config.installation);
  if (owner.owner !== 'this') {
    throw foreignNamespaceError(
      name,
      owner,
      target.config.installation,
      action,
    );
  }
}

/**
 * Makes the store ready for backup and restore Jobs, idempotently: the quota,
 * limit range and network policies of this version, which count the backup
 * volume and admit those Jobs to the database, and (`withVolume`) the backup
 * volume itself (created once, never resized down). Stores provisioned
 * before backups existed converge here; for the others every apply is a no-op.
 */
export async function prepareBackupAccess(
  clients: KubeClients,
  target: BackupTarget,
  options: { withVolume: boolean; signal?: AbortSignal },
): Promise<void> {
  const { signal } = options;
  const { storeId, size, config } = target;
  for (const obj of [
    buildResourceQuotaOf({ storeId, size, config }),
    buildLimitRangeOf({ storeId, size, config }),
    ...buildNetworkPoliciesOf({ storeId, config }),
  ]) {
    await applyObject(clients, obj, { signal });
  }
  if (options.withVolume) {
    // Read first: the quota refuses a create beyond its count before the API
    // server could answer AlreadyExists.
    const volume = buildBackupVolume(target);
    const existing = await withRetry(
      `read PersistentVolumeClaim ${volume.metadata!.namespace}/${
        volume.metadata!.name
      }`,
      () =>
        clients.core
          .readNamespacedPersistentVolumeClaim({
            name: volume.metadata!.name!,
            namespace: volume.metadata!.namespace!,
          })
          .catch(e => (isNotFound(e) ? undefined : Promise.reject(e))),
      { signal },
    );
    if (!existing) await createIfAbsent(clients, volume, { signal });
  }
}
