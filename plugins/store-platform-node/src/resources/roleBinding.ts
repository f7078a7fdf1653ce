import { V1RoleBinding } from '@kubernetes/client-node';
import { BuildContext, namespaceOf } from './context';
import { labelsOf } from './labels';

/**
 * The RoleBinding through which the platform works inside a store namespace.
 *
 * @public
 */
export const PLATFORM_ROLE_BINDING = 'store-platform';

/**
 * RoleBinding `store-platform`: the platform's store-manager ClusterRole, for the platform's
 * ServiceAccount, in this store's namespace only. The Helm chart binds that role nowhere, so
 * the platform's rights inside namespaces reach exactly the stores it created. Undefined
 * without `rbac` config (e.g. a developer's kubeconfig that already has the rights).
 *
 * @public
 */
export function buildPlatformRoleBinding(
  ctx: BuildContext,
): V1RoleBinding | undefined {
  const rbac = ctx.config.rbac;
  if (!rbac) return undefined;
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: {
      name: PLATFORM_ROLE_BINDING,
      namespace: namespaceOf(ctx),
      labels: labelsOf(ctx, 'policy', PLATFORM_ROLE_BINDING),
    },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: rbac.clusterRoleName,
    },
    subjects: [
      {
        kind: 'ServiceAccount',
        name: rbac.serviceAccount.name,
        namespace: rbac.serviceAccount.namespace,
      },
    ],
  };
}
