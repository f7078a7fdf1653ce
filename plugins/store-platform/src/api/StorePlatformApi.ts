import { createApiRef } from '@backstage/core-plugin-api';
import {
  AdminCredentialsResponse,
  AdminPasswordResetResponse,
  ListStoresQuery,
  Page,
  Store,
  StoreBackup,
  StoreClusterSummary,
  StoreEvent,
  StoreIdAvailability,
  StoreKubernetesEvent,
} from '@store-platform/plugin-store-platform-common';

/**
 * What the frontend asks of the store-platform backend.
 *
 * @public
 */
export interface StorePlatformApi {
  /** One page of the stores the user may see: filtered, searched, sorted and paged by the server. */
  listStores(query?: ListStoresQuery): Promise<Page<Store>>;
  /** One store; rejects with a 404 ResponseError when it no longer exists. */
  getStore(storeId: string): Promise<Store>;
  /** The store's history, oldest first. */
  getStoreEvents(storeId: string): Promise<StoreEvent[]>;
  /** Starts deleting the store; resolves with the store now in `deleting`. */
  deleteStore(storeId: string): Promise<Store>;
  /**
   * The store's WordPress admin user name and password, fetched anew at each
   * call and never cached: keep them only while they are shown.
   */
  getAdminCredentials(storeId: string): Promise<AdminCredentialsResponse>;
  /** Whether a new store may take `storeId`, and why not. */
  checkStoreId(storeId: string): Promise<StoreIdAvailability>;
  /** Gives the WordPress admin a new password; read it with getAdminCredentials. */
  resetAdminPassword(storeId: string): Promise<AdminPasswordResetResponse>;
  /** The Warning events Kubernetes reports in the store's namespace. */
  getKubernetesEvents(storeId: string): Promise<StoreKubernetesEvent[]>;
  /** The store's backups, newest first. */
  listBackups(storeId: string): Promise<StoreBackup[]>;
  /** The clusters a new store may be placed on, with their load (the form's Cluster field). */
  listClusters(): Promise<StoreClusterSummary[]>;
}

/**
 * The {@link StorePlatformApi} of the app; the plugin provides a {@link StorePlatformClient}.
 *
 * @public
 */
export const storePlatformApiRef = createApiRef<StorePlatformApi>({
  id: 'plugin.store-platform.service',
});
