import { StoreCluster } from '@store-platform/plugin-store-platform-node';

export type { StoreInspection } from '@store-platform/plugin-store-platform-node';

/**
 * The part of the node library's `StoreCluster` this plugin needs: deleting
 * a store's namespace, looking at what is left, reading and resetting its
 * WordPress admin credentials, listing its Warning events and its backups,
 * finding and deleting namespaces left by ended registrations. Narrow on
 * purpose, so unit tests can pass a fake.
 *
 * @public
 */
export type StoreClusterOps = Pick<
  StoreCluster,
  | 'deleteStore'
  | 'inspectStore'
  | 'readAdminCredentials'
  | 'resetAdminPassword'
  | 'listWarningEvents'
  | 'listBackups'
  | 'listRegisteredNamespaces'
  | 'deleteLeftoverNamespace'
>;
