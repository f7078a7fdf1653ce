import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Resource type of store permissions; the resource ref is the store id.
 *
 * @public
 */
export const STORE_RESOURCE_TYPE = 'store';

/**
 * Read a store, its status and its history.
 *
 * @public
 */
export const storeReadPermission = createPermission({
  name: 'store.read',
  attributes: { action: 'read' },
  resourceType: STORE_RESOURCE_TYPE,
});

/**
 * Register a new store. A resource permission although the store does not
 * exist yet: the policy's conditions (e.g. "its owner is one of the caller's
 * ownership refs") are applied to the store as it would be registered.
 *
 * @public
 */
export const storeCreatePermission = createPermission({
  name: 'store.create',
  attributes: { action: 'create' },
  resourceType: STORE_RESOURCE_TYPE,
});

/**
 * Change a store: retry its provisioning, reset its admin password, day-two operations.
 *
 * @public
 */
export const storeUpdatePermission = createPermission({
  name: 'store.update',
  attributes: { action: 'update' },
  resourceType: STORE_RESOURCE_TYPE,
});

/**
 * See the store's WordPress administrator user name and password.
 *
 * @public
 */
export const storeCredentialsReadPermission = createPermission({
  name: 'store.credentials.read',
  attributes: { action: 'read' },
  resourceType: STORE_RESOURCE_TYPE,
});

/**
 * Delete a store, and with it its namespace and everything in it.
 *
 * @public
 */
export const storeDeletePermission = createPermission({
  name: 'store.delete',
  attributes: { action: 'delete' },
  resourceType: STORE_RESOURCE_TYPE,
});

/**
 * Every store-platform permission, for the permissions registry.
 *
 * @public
 */
export const storePermissions = [
  storeReadPermission,
  storeCreatePermission,
  storeUpdatePermission,
  storeCredentialsReadPermission,
  storeDeletePermission,
];

/**
 * Resource type of the clusters stores are placed on; the resource ref is the cluster name.
 *
 * @public
 */
export const STORE_CLUSTER_RESOURCE_TYPE = 'store-cluster';

/**
 * Place a new store on a cluster (`storePlatform.clusters`). The form lists
 * only the clusters a user may use, and the backend refuses the others.
 *
 * @public
 */
export const storeClusterUsePermission = createPermission({
  name: 'store.cluster.use',
  attributes: { action: 'create' },
  resourceType: STORE_CLUSTER_RESOURCE_TYPE,
});
