import { V1Secret } from '@kubernetes/client-node';
import { BuildContext, namespaceOf } from './context';
import { labelsOf } from './labels';
import { OBJECT_NAMES, SECRET_KEYS } from './names';
import { StoreSecrets } from './secrets';

/**
 * Secret `mariadb-secret`: database root and user passwords and the WordPress
 * admin password. Created once and never overwritten (a re-run must not change
 * the password of an initialised database).
 *
 * @public
 */
export function buildMariadbSecret(
  ctx: BuildContext,
  secrets: StoreSecrets,
): V1Secret {
  const values = secrets.reveal();
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name: OBJECT_NAMES.mariadbSecret,
      namespace: namespaceOf(ctx),
      labels: labelsOf(ctx, 'credentials', OBJECT_NAMES.mariadbSecret),
    },
    stringData: {
      [SECRET_KEYS.rootPassword]: values.rootPassword,
      [SECRET_KEYS.password]: values.password,
      [SECRET_KEYS.adminPassword]: values.adminPassword,
    },
  };
}

/** An env var read from `mariadb-secret`. */
export function secretEnv(name: string, key: string) {
  return {
    name,
    valueFrom: { secretKeyRef: { name: OBJECT_NAMES.mariadbSecret, key } },
  };
}
