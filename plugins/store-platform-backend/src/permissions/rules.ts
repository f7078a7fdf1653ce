import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  STORE_PLATFORM_PLUGIN_ID,
  STORE_RESOURCE_TYPE,
  Store,
} from '@store-platform/plugin-store-platform-common';
import { z } from 'zod';
import { StoreQuery } from './storeQuery';

/**
 * Identifies store resources in the permission framework.
 *
 * @public
 */
export const storePermissionResourceRef = createPermissionResourceRef<
  Store,
  StoreQuery
>().with({
  pluginId: STORE_PLATFORM_PLUGIN_ID,
  resourceType: STORE_RESOURCE_TYPE,
});

/**
 * Allows a store to those who own it: its owner is among the user's claims.
 *
 * @public
 */
export const isStoreOwner = createPermissionRule({
  name: 'IS_STORE_OWNER',
  description: 'Allow stores owned by one of the given entity refs',
  resourceRef: storePermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs of the user and the groups they belong to'),
  }),
  apply: (store, { claims }) => {
    const owner = store.owner.toLowerCase();
    return claims.some(claim => claim.toLowerCase() === owner);
  },
  toQuery: ({ claims }) => ({ ownerIn: claims.map(c => c.toLowerCase()) }),
});

export const storePermissionRules = { isStoreOwner };
