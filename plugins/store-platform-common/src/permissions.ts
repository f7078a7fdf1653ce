import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of store permissions; the resource ref is the store id. */
export const STORE_RESOURCE_TYPE = 'store';

/** Read a store, its status and its history. */
export const storeReadPermission = createPermission({
  name: 'store.read',
  attributes: { action: 'read' },
  resourceType: STORE_RESOURCE_TYPE,
});

/** Delete a store, and with it its namespace and everything in it. */
export const storeDeletePermission = createPermission({
  name: 'store.delete',
  attributes: { action: 'delete' },
  resourceType: STORE_RESOURCE_TYPE,
});

export const storePermissions = [storeReadPermission, storeDeletePermission];
