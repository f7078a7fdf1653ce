import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AdminCredentialsResponse,
  AdminPasswordResetResponse,
  ListStoresQuery,
  listStoresSearchParams,
  Page,
  Store,
  StoreBackup,
  StoreClusterSummary,
  StoreEvent,
  StoreIdAvailability,
  StoreKubernetesEvent,
  STORE_PLATFORM_PLUGIN_ID,
} from '@store-platform/plugin-store-platform-common';
import { StorePlatformApi } from './StorePlatformApi';

/**
 * Talks to the store-platform backend plugin over HTTP, as the signed-in user.
 *
 * @public
 */
export class StorePlatformClient implements StorePlatformApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /** {@inheritDoc StorePlatformApi.listStores} */
  async listStores(query: ListStoresQuery = {}): Promise<Page<Store>> {
    const search = listStoresSearchParams(query).toString();
    return this.request<Page<Store>>(`/stores${search ? `?${search}` : ''}`);
  }

  /** {@inheritDoc StorePlatformApi.getStore} */
  async getStore(storeId: string): Promise<Store> {
    return this.request<Store>(`/stores/${encodeURIComponent(storeId)}`);
  }

  /** {@inheritDoc StorePlatformApi.getStoreEvents} */
  async getStoreEvents(storeId: string): Promise<StoreEvent[]> {
    const body = await this.request<{ items: StoreEvent[] }>(
      `/stores/${encodeURIComponent(storeId)}/events`,
    );
    return body.items;
  }

  /** {@inheritDoc StorePlatformApi.deleteStore} */
  async deleteStore(storeId: string): Promise<Store> {
    return this.request<Store>(`/stores/${encodeURIComponent(storeId)}`, {
      method: 'DELETE',
    });
  }

  /** {@inheritDoc StorePlatformApi.listClusters} */
  async listClusters(): Promise<StoreClusterSummary[]> {
    const body = await this.request<{ items: StoreClusterSummary[] }>(
      '/clusters',
    );
    return body.items;
  }

  /** {@inheritDoc StorePlatformApi.checkStoreId} */
  async checkStoreId(storeId: string): Promise<StoreIdAvailability> {
    return this.request<StoreIdAvailability>(
      `/store-ids/${encodeURIComponent(storeId)}`,
    );
  }

  /** {@inheritDoc StorePlatformApi.getAdminCredentials} */
  async getAdminCredentials(
    storeId: string,
  ): Promise<AdminCredentialsResponse> {
    // `no-store`: the browser's HTTP cache must not keep the password either.
    return this.request<AdminCredentialsResponse>(
      `/stores/${encodeURIComponent(storeId)}/admin-credentials`,
      { cache: 'no-store' },
    );
  }

  /** {@inheritDoc StorePlatformApi.resetAdminPassword} */
  async resetAdminPassword(
    storeId: string,
  ): Promise<AdminPasswordResetResponse> {
    return this.request<AdminPasswordResetResponse>(
      `/stores/${encodeURIComponent(storeId)}/admin-password/reset`,
      { method: 'POST' },
    );
  }

  /** {@inheritDoc StorePlatformApi.getKubernetesEvents} */
  async getKubernetesEvents(storeId: string): Promise<StoreKubernetesEvent[]> {
    const body = await this.request<{ items: StoreKubernetesEvent[] }>(
      `/stores/${encodeURIComponent(storeId)}/kubernetes-events`,
    );
    return body.items;
  }

  /** {@inheritDoc StorePlatformApi.listBackups} */
  async listBackups(storeId: string): Promise<StoreBackup[]> {
    const body = await this.request<{ items: StoreBackup[] }>(
      `/stores/${encodeURIComponent(storeId)}/backups`,
    );
    return body.items;
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(
      STORE_PLATFORM_PLUGIN_ID,
    );
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
