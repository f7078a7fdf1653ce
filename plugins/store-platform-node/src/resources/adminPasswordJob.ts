import { V1Job, V1Secret } from '@kubernetes/client-node';
import { StoreSize } from '@store-platform/plugin-store-platform-common';
import { ProvisioningConfig } from '../config/provisioningConfig';
import { adminPasswordScript } from './bootstrapScript';
import { storeLabels } from './labels';
import { storeNamespace, WORDPRESS_ADMIN_USER } from './names';
import { SIZE_PRESETS } from './sizes';
import { buildWpCliPodSpec } from './wpCliPod';

/**
 * Name of the reset Job, and of the one-off Secret that hands it the new password.
 *
 * @public
 */
export const ADMIN_PASSWORD_RESET = 'wordpress-admin-password-reset';
const NEW_PASSWORD_KEY = 'new-admin-password';

/**
 * What the reset objects are built from: the store, not its whole spec.
 *
 * @public
 */
export interface AdminPasswordResetTarget {
  /** The store's id. */
  storeId: string;
  /** The store's size preset. */
  size: StoreSize;
  /** `storePlatform.provisioning`, defaults filled in. */
  config: ProvisioningConfig;
}

// Component `bootstrap`: the store's network policies let the wp-cli Jobs reach MariaDB.
const labelsOf = (target: AdminPasswordResetTarget) =>
  storeLabels(
    target.storeId,
    'bootstrap',
    ADMIN_PASSWORD_RESET,
    target.config.installation,
  );

/**
 * Job `wordpress-admin-password-reset`: runs the admin password script with
 * wp-cli, the new password coming from the Secret of the same name as an
 * environment variable. Created suspended, so its pod cannot start before
 * that Secret exists; finished Jobs go away by themselves
 * (`ttlSecondsAfterFinished`), and with them their Secret (owner reference).
 *
 * @public
 */
export function buildAdminPasswordResetJob(
  target: AdminPasswordResetTarget,
  timeoutMs: number,
): V1Job {
  const labels = labelsOf(target);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: ADMIN_PASSWORD_RESET,
      namespace: storeNamespace(target.storeId),
      labels,
    },
    spec: {
      suspend: true,
      backoffLimit: 1,
      activeDeadlineSeconds: Math.ceil(timeoutMs / 1000),
      ttlSecondsAfterFinished: 300,
      template: {
        metadata: { labels },
        spec: buildWpCliPodSpec({
          storeId: target.storeId,
          preset: SIZE_PRESETS[target.size],
          config: target.config,
          name: 'admin-password',
          script: adminPasswordScript(),
          scriptName: 'wordpress-admin-password',
          env: [
            { name: 'ADMIN_USER', value: WORDPRESS_ADMIN_USER },
            {
              name: 'WORDPRESS_ADMIN_PASSWORD',
              valueFrom: {
                secretKeyRef: {
                  name: ADMIN_PASSWORD_RESET,
                  key: NEW_PASSWORD_KEY,
                },
              },
            },
          ],
        }),
      },
    },
  };
}

/** The one-off Secret with the new password, owned by (and deleted with) the reset Job. */
export function buildAdminPasswordResetSecret(
  target: AdminPasswordResetTarget,
  job: { uid: string },
  password: string,
): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name: ADMIN_PASSWORD_RESET,
      namespace: storeNamespace(target.storeId),
      labels: labelsOf(target),
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: ADMIN_PASSWORD_RESET,
          uid: job.uid,
        },
      ],
    },
    stringData: { [NEW_PASSWORD_KEY]: password },
  };
}
