import {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { storeClusterUsePermission } from '@store-platform/plugin-store-platform-common';
import { StoreClusterDefinition } from '@store-platform/plugin-store-platform-node';
import { storeClusterPermissionResourceRef } from '../permissions/clusterRules';

/**
 * The clusters the caller may place stores on (`store.cluster.use`, one
 * conditional decision applied to each configured cluster).
 */
export function usableClustersFor(options: {
  clusters: readonly StoreClusterDefinition[];
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
}) {
  const isAllowed = createConditionAuthorizer(
    options.permissionsRegistry.getPermissionRuleset(
      storeClusterPermissionResourceRef,
    ),
  );
  return async (
    credentials: BackstageCredentials,
  ): Promise<StoreClusterDefinition[]> => {
    const [decision] = await options.permissions.authorizeConditional(
      [{ permission: storeClusterUsePermission }],
      { credentials },
    );
    return options.clusters.filter(c => isAllowed(decision, c));
  };
}
