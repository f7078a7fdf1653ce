import { NotFoundError } from '@backstage/errors';
import { V1LimitRange, V1ResourceQuota } from '@kubernetes/client-node';
import { foreignNamespaceError, ownerOf } from '../cluster/namespaceOwnership';
import { applyObject, createIfAbsent, mergePatchObject } from '../kube/apply';
import { isNotFound } from '../kube/apiErrors';
import { KubeClients } from '../kube/clients';
import { sleep, withRetry } from '../kube/retry';
import { BackupTarget, buildBackupVolume } from '../resources/backupVolume';
import { buildNetworkPoliciesOf } from '../resources/networkPolicies';
import { OBJECT_NAMES, storeNamespace } from '../resources/names';
import { SIZE_PRESETS } from '../resources/sizes';
import { listStoreClaims, storeQuota } from '../cluster/storeQuota';
import { quantityValue } from './quantity';

const orUndefined = <T>(p: Promise<T>) =>
  p.catch(e => (isNotFound(e) ? undefined : Promise.reject(e)));

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
    () => orUndefined(clients.core.readNamespace({ name })),
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
 * Room for the backup volume in the store's ResourceQuota (the claims and
 * storage storeQuota gives it) and LimitRange (a claim of its size), raised
 * only where it is missing: a store provisioned before backups existed.
 * Quotas already larger stay as they are.
 */
async function makeRoomForBackupVolume(
  clients: KubeClients,
  target: BackupTarget,
  signal?: AbortSignal,
) {
  const namespace = storeNamespace(target.storeId);
  const size = SIZE_PRESETS[target.size].storage.backup;
  const quota = await withRetry(
    `read ResourceQuota ${namespace}/${OBJECT_NAMES.quota}`,
    () =>
      orUndefined(
        clients.core.readNamespacedResourceQuota({
          name: OBJECT_NAMES.quota,
          namespace,
        }),
      ),
    { signal },
  );
  const hard = quota?.spec?.hard;
  if (hard) {
    // The store's quota as storeQuota decides it (room for the volumes there
    // are and the backup volume); only its volume keys, only where they fall short.
    const claims = await listStoreClaims(clients, target.storeId, signal);
    const wanted = storeQuota(target, claims).spec!.hard!;
    const raised: Record<string, string> = {};
    for (const key of ['persistentvolumeclaims', 'requests.storage']) {
      if (
        hard[key] !== undefined &&
        quantityValue(hard[key]) < quantityValue(wanted[key])
      ) {
        raised[key] = wanted[key];
      }
    }
    if (Object.keys(raised).length > 0) {
      await mergePatchObject<V1ResourceQuota>(
        clients,
        {
          apiVersion: 'v1',
          kind: 'ResourceQuota',
          metadata: { name: OBJECT_NAMES.quota, namespace },
          spec: { hard: raised },
        },
        { signal },
      );
    }
  }

  const limitRange = await withRetry(
    `read LimitRange ${namespace}/${OBJECT_NAMES.limits}`,
    () =>
      orUndefined(
        clients.core.readNamespacedLimitRange({
          name: OBJECT_NAMES.limits,
          namespace,
        }),
      ),
    { signal },
  );
  const limits = limitRange?.spec?.limits ?? [];
  const claimMax = limits.find(l => l.type === 'PersistentVolumeClaim')?.max
    ?.storage;
  if (claimMax !== undefined && quantityValue(claimMax) < quantityValue(size)) {
    // A merge patch replaces a list whole: the other limits go back as they are.
    await mergePatchObject<V1LimitRange>(
      clients,
      {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: OBJECT_NAMES.limits, namespace },
        spec: {
          limits: limits.map(l =>
            l.type === 'PersistentVolumeClaim'
              ? { ...l, max: { ...l.max, storage: size } }
              : l,
          ),
        },
      },
      { signal },
    );
  }
}

/**
 * Makes the store ready for backup and restore Jobs, idempotently: the
 * network policies of this version, which admit those Jobs to the database,
 * and (`withVolume`) the backup volume, created once (never resized down)
 * after room is made for it in the quota and limit range of a store from
 * before backups. The store's other objects are left alone.
 */
export async function prepareBackupAccess(
  clients: KubeClients,
  target: BackupTarget,
  options: { withVolume: boolean; signal?: AbortSignal },
): Promise<void> {
  const { signal } = options;
  const { storeId, config } = target;
  for (const policy of buildNetworkPoliciesOf({ storeId, config })) {
    await applyObject(clients, policy, { signal });
  }
  if (!options.withVolume) return;
  // Read first: the quota refuses a create beyond its count before the API
  // server could answer AlreadyExists.
  const volume = buildBackupVolume(target);
  const existing = await withRetry(
    `read PersistentVolumeClaim ${volume.metadata!.namespace}/${
      volume.metadata!.name
    }`,
    () =>
      orUndefined(
        clients.core.readNamespacedPersistentVolumeClaim({
          name: volume.metadata!.name!,
          namespace: volume.metadata!.namespace!,
        }),
      ),
    { signal },
  );
  if (existing) return;
  await makeRoomForBackupVolume(clients, target, signal);
  for (let attempt = 1; ; attempt++) {
    try {
      await createIfAbsent(clients, volume, { signal });
      return;
    } catch (error) {
      // Quota admission reads quotas from a cache: a raise just made can take a moment to count.
      if (attempt >= 5 || !/exceeded quota/.test((error as Error).message)) {
        throw error;
      }
      await sleep(500 * attempt, signal, 'waiting for the raised quota');
    }
  }
}
