import { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { StoreSize } from '@store-platform/plugin-store-platform-common';
import { ProvisioningConfig } from '../config/provisioningConfig';
import { storeLabels } from './labels';
import { storeNamespace } from './names';
import { SIZE_PRESETS } from './sizes';

/**
 * PVC of a store's backups, in its own namespace.
 *
 * @public
 */
export const BACKUP_VOLUME = 'store-backups';

/**
 * A store known by id and size, with the install's config: what the backup objects are built from.
 *
 * @public
 */
export interface BackupTarget {
  /** The store's id. */
  storeId: string;
  /** The store's size preset. */
  size: StoreSize;
  /** `storePlatform.provisioning`, defaults filled in. */
  config: ProvisioningConfig;
  /**
   * Extra labels on the Job pods; programmatic only, e.g.
   * `store-platform.io/simulate: fail` on the simulated test cluster.
   */
  podLabels?: Record<string, string>;
}

/**
 * PVC `store-backups`: the store's backups, one directory per backup id. Its
 * size comes from the store's size preset (the quota counts it); made on the
 * first backup, kept when the store is resized (a PVC is never shrunk).
 *
 * @public
 */
export function buildBackupVolume(
  target: BackupTarget,
): V1PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: BACKUP_VOLUME,
      namespace: storeNamespace(target.storeId),
      labels: storeLabels(
        target.storeId,
        'backup',
        BACKUP_VOLUME,
        target.config.installation,
      ),
    },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(target.config.storageClassName
        ? { storageClassName: target.config.storageClassName }
        : {}),
      resources: {
        requests: { storage: SIZE_PRESETS[target.size].storage.backup },
      },
    },
  };
}
