import {
  PatchStrategy,
  V1PersistentVolumeClaim,
  V1StorageClass,
} from '@kubernetes/client-node';
import { FIELD_MANAGER } from '../kube/apply';
import { isNotFound } from '../kube/apiErrors';
import { KubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import { BACKUP_VOLUME } from '../resources/backupVolume';
import { OBJECT_NAMES } from '../resources/names';
import { SizePreset } from '../resources/sizes';
import { formatQuantity, quantityValue } from './quantity';

/** What happens to one of the store's volumes in a resize. */
export interface VolumePlan {
  claim: string;
  /** Requested size now, and after the resize (equal when it is kept). */
  from: string;
  to: string;
  /** Why it is kept, when the new size differs. */
  kept?: string;
}

/** The store's volumes; the backups' one exists once a backup was taken. */
const CLAIMS = [
  { claim: OBJECT_NAMES.mariadbData, preset: 'database' },
  { claim: OBJECT_NAMES.wordpressData, preset: 'storefront' },
  { claim: BACKUP_VOLUME, preset: 'backup' },
] as const;

async function expandable(
  clients: KubeClients,
  className: string | undefined,
  signal?: AbortSignal,
): Promise<boolean> {
  if (!className) return false;
  const sc = await withRetry(
    `read StorageClass ${className}`,
    () =>
      clients.objects
        .read<V1StorageClass>({
          apiVersion: 'storage.k8s.io/v1',
          kind: 'StorageClass',
          metadata: { name: className },
        })
        .catch(e => (isNotFound(e) ? undefined : Promise.reject(e))),
    { signal },
  );
  return sc?.allowVolumeExpansion === true;
}

/**
 * Plans the store's volumes for `preset`. A volume only grows, and only when
 * its StorageClass allows expansion; it is never shrunk (Kubernetes cannot,
 * and the data must stay), so a smaller size keeps the volumes as they are.
 */
export async function planVolumes(
  clients: KubeClients,
  claims: V1PersistentVolumeClaim[],
  preset: SizePreset,
  signal?: AbortSignal,
): Promise<VolumePlan[]> {
  const plans: VolumePlan[] = [];
  for (const { claim, preset: part } of CLAIMS) {
    const pvc = claims.find(c => c.metadata?.name === claim);
    if (!pvc) continue;
    const from = String(pvc.spec?.resources?.requests?.storage ?? '0');
    const wanted = preset.storage[part];
    const grow = quantityValue(wanted) > quantityValue(from);
    if (quantityValue(wanted) === quantityValue(from)) {
      plans.push({ claim, from, to: from });
    } else if (!grow) {
      plans.push({
        claim,
        from,
        to: from,
        kept: `volumes are never shrunk (the new size has ${wanted})`,
      });
    } else if (
      !(await expandable(clients, pvc.spec?.storageClassName, signal))
    ) {
      plans.push({
        claim,
        from,
        to: from,
        kept: `StorageClass ${
          pvc.spec?.storageClassName ?? '(none)'
        } does not allow volume expansion (the new size has ${wanted})`,
      });
    } else {
      plans.push({ claim, from, to: wanted });
    }
  }
  return plans;
}

/**
 * The storage the volumes will request in all, and the largest, for the
 * quota and limit range: each volume at its planned size, never below what
 * it keeps; a volume not made yet (the backups') at the preset's size.
 */
export function plannedStorage(
  plans: VolumePlan[],
  preset: SizePreset,
): { total: string; largest: string } {
  const sizes = CLAIMS.map(({ claim, preset: part }) =>
    quantityValue(
      plans.find(p => p.claim === claim)?.to ?? preset.storage[part],
    ),
  );
  return {
    total: formatQuantity(
      'storage',
      sizes.reduce((a, b) => a + b, 0),
    ),
    largest: formatQuantity('storage', Math.max(0, ...sizes)),
  };
}

/** Asks for the planned larger volumes; the storage driver grows them in the background. */
export async function expandVolumes(
  clients: KubeClients,
  namespace: string,
  plans: VolumePlan[],
  signal?: AbortSignal,
): Promise<void> {
  for (const plan of plans) {
    if (plan.to === plan.from) continue;
    await withRetry(
      `expand PersistentVolumeClaim ${namespace}/${plan.claim} to ${plan.to}`,
      () =>
        clients.objects.patch(
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: plan.claim, namespace },
            spec: { resources: { requests: { storage: plan.to } } },
          },
          undefined,
          undefined,
          FIELD_MANAGER,
          undefined,
          PatchStrategy.MergePatch,
        ),
      { signal },
    );
  }
}
