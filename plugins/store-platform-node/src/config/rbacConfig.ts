import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * `storePlatform.provisioning.rbac`: where the platform's rights inside a store namespace come
 * from. The Helm chart sets it; the provisioning then binds `clusterRoleName` to the
 * ServiceAccount in each namespace it creates.
 *
 * @public
 */
export interface PlatformRbacConfig {
  /** The ClusterRole bound in each store namespace. */
  clusterRoleName: string;
  /** The ServiceAccount it is bound to (the backend's). */
  serviceAccount: { name: string; namespace: string };
}

const DNS_SUBDOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Reads the `rbac` block, if any; a malformed value fails with its key named. */
export function readRbacConfig(
  rbac: Config | undefined,
): PlatformRbacConfig | undefined {
  if (!rbac) return undefined;
  const key = (k: string) => `storePlatform.provisioning.rbac.${k}`;
  const read = (k: string, rule: RegExp, what: string) => {
    const value = rbac.getString(k);
    if (!rule.test(value)) {
      throw new InputError(
        `${key(k)}: ${JSON.stringify(value)} is not ${what}`,
      );
    }
    return value;
  };
  return {
    clusterRoleName: read(
      'clusterRoleName',
      DNS_SUBDOMAIN,
      'a ClusterRole name',
    ),
    serviceAccount: {
      name: read('serviceAccount.name', DNS_SUBDOMAIN, 'a ServiceAccount name'),
      namespace: read(
        'serviceAccount.namespace',
        DNS_LABEL,
        'a namespace name',
      ),
    },
  };
}
