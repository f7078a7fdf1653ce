import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  STORE_CLUSTER_RESOURCE_TYPE,
  STORE_PLATFORM_PLUGIN_ID,
} from '@store-platform/plugin-store-platform-common';
import { StoreClusterDefinition } from '@store-platform/plugin-store-platform-node';
import { z } from 'zod';

/**
 * Identifies the clusters of `storePlatform.clusters` in the permission framework.
 *
 * @public
 */
export const storeClusterPermissionResourceRef = createPermissionResourceRef<
  StoreClusterDefinition,
  { claims: string[] }
>().with({
  pluginId: STORE_PLATFORM_PLUGIN_ID,
  resourceType: STORE_CLUSTER_RESOURCE_TYPE,
});

/**
 * Allows a cluster without `users`, or one whose `users` include one of the claims.
 *
 * @public
 */
export const isClusterOpenTo = createPermissionRule({
  name: 'IS_CLUSTER_OPEN_TO',
  description:
    'Allow clusters whose configured users include one of the given entity refs (or that list none)',
  resourceRef: storeClusterPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs of the user and the groups they belong to'),
  }),
  apply: (cluster, { claims }) => {
    if (!cluster.users) return true;
    const mine = claims.map(c => c.toLowerCase());
    return cluster.users.some(user => mine.includes(user));
  },
  toQuery: ({ claims }) => ({ claims }),
});

const exported = createConditionExports({
  resourceRef: storeClusterPermissionResourceRef,
  rules: { isClusterOpenTo },
});

/**
 * Conditions on clusters for permission policies, e.g.
 * `createStoreClusterConditionalDecision(permission, storeClusterConditions.isClusterOpenTo({ claims }))`.
 *
 * @public
 */
export const storeClusterConditions = exported.conditions;

/**
 * Wraps cluster conditions into a conditional decision for a permission policy.
 *
 * @public
 */
export const createStoreClusterConditionalDecision =
  exported.createConditionalDecision;
