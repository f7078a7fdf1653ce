import {
  V1PersistentVolumeClaim,
  V1StorageClass,
} from '@kubernetes/client-node';
import { mergePatchObject } from '../kube/apply';
import { isNotFound } from '../kube/apiErrors';
import { KubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import { SizePreset } from '../resources/sizes';
import { STORE_VOLUMES } from '../resources/storeVolumes';
import { quantityValue } from './quantity';

/**
 * What happens to one of the store's volumes in a resize.
 *
 * @public
 */
export interface VolumePlan {
  /** The PersistentVolumeClaim. */
  claim: string;
  /** Requested size now, and after the resize (equal when it is kept). */
  from: string;
  /** The size it grows to. */
  to: string;
  /** Why it is kept, when the new size differs. */
  kept?: string;
}

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

/** The requested size of each of the store's volumes that exists, by claim name. */
function volumeSizes(claims: V1PersistentVolumeClaim[]) {
  return STORE_VOLUMES.flatMap(({ claim, part }) => {
    const pvc = claims.find(c => c.metadata?.name === claim);
    const size = pvc?.spec?.resources?.requests?.storage;
    return pvc && size ? [{ claim, part, pvc, from: String(size) }] : [];
  });
}

/**
 * Plans the store's volumes for `preset`. A volume grows only when its
 * StorageClass allows expansion; one larger than the preset gives it is kept
 * (volumes never shrink: Kubernetes refuses it, and the data must stay; the
 * quota keeps room for it, see storeQuota). The plan says why each differing
 * one is kept.
 */
export async function planVolumes(
  clients: KubeClients,
  claims: V1PersistentVolumeClaim[],
  preset: SizePreset,
  signal?: AbortSignal,
): Promise<VolumePlan[]> {
  const plans: VolumePlan[] = [];
  for (const { claim, part, pvc, from } of volumeSizes(claims)) {
    const wanted = preset.storage[part];
    if (quantityValue(wanted) === quantityValue(from)) {
      plans.push({ claim, from, to: from });
    } else if (quantityValue(wanted) < quantityValue(from)) {
      plans.push({
        claim,
        from,
        to: from,
        kept: `volumes never shrink (the new size has ${wanted})`,
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

/** Asks for the planned larger volumes; the storage driver grows them in the background. */
export async function expandVolumes(
  clients: KubeClients,
  namespace: string,
  plans: VolumePlan[],
  signal?: AbortSignal,
): Promise<void> {
  for (const plan of plans) {
    if (plan.to === plan.from) continue;
    await mergePatchObject(
      clients,
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: plan.claim, namespace },
        spec: { resources: { requests: { storage: plan.to } } },
      },
      {
        action: `expand PersistentVolumeClaim ${namespace}/${plan.claim} to ${plan.to}`,
        signal,
      },
    );
  }
}
