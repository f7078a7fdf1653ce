import {
  AdminCredentialsResponse,
  AdminPasswordResetResponse,
  isSettled,
  ListStoresQuery,
  Page,
  Store,
  StoreBackup,
  StoreClusterSummary,
  StoreEvent,
  StoreIdAvailability,
  StoreKubernetesEvent,
  storeIdProblem,
  StoreStatus,
} from '@store-platform/plugin-store-platform-common';
import { StorePlatformApi } from '../src';

/**
 * A stand-in backend for `yarn start` in this package: one store that
 * provisions itself over a few seconds, one that failed, and deletion.
 */
export class InMemoryStorePlatformApi implements StorePlatformApi {
  private readonly stores = new Map<string, Store>();
  private readonly events: StoreEvent[] = [];

  constructor() {
    const now = new Date().toISOString();
    for (const [id, engine, status] of [
      ['corner-shop', 'woocommerce', 'pending'],
      ['medusa-shop', 'medusa', 'failed'],
    ] as const) {
      this.stores.set(id, {
        id,
        title: id,
        engine,
        owner: 'group:default/store-owners',
        size: 'small',
        namespace: `store-${id}`,
        url: `http://${id}.localhost`,
        status,
        statusMessage:
          status === 'failed'
            ? 'The Medusa engine is not implemented yet'
            : undefined,
        createdAt: now,
        updatedAt: now,
      });
      this.record(id, null, status);
    }
    this.advance('corner-shop', 'provisioning', 2000);
    this.advance('corner-shop', 'ready', 8000);
  }

  /** Filters and searches like the backend; two stores fit on one page. */
  async listStores(query: ListStoresQuery = {}): Promise<Page<Store>> {
    const statuses = query.status === undefined ? [] : [query.status].flat();
    const search = query.q?.toLowerCase();
    const items = [...this.stores.values()].filter(
      s =>
        (statuses.length === 0 || statuses.includes(s.status)) &&
        (!search ||
          s.id.includes(search) ||
          s.title.toLowerCase().includes(search)),
    );
    return { items, totalCount: items.length, offset: 0, limit: 50 };
  }

  async getStore(storeId: string): Promise<Store> {
    const store = this.stores.get(storeId);
    if (!store) {
      throw Object.assign(new Error(`no store ${storeId}`), {
        name: 'ResponseError',
        statusCode: 404,
      });
    }
    return store;
  }

  async getStoreEvents(storeId: string): Promise<StoreEvent[]> {
    return this.events.filter(e => e.storeId === storeId);
  }

  async deleteStore(storeId: string): Promise<Store> {
    const store = await this.getStore(storeId);
    this.set(store, 'deleting');
    setTimeout(() => this.stores.delete(storeId), 5000);
    return this.stores.get(storeId)!;
  }

  async listClusters(): Promise<StoreClusterSummary[]> {
    return [{ name: 'default', labels: {}, stores: this.stores.size }];
  }

  async checkStoreId(storeId: string): Promise<StoreIdAvailability> {
    const reason =
      storeIdProblem(storeId) ??
      (this.stores.has(storeId) ? 'a store with this id exists' : undefined);
    return { id: storeId, available: !reason, ...(reason ? { reason } : {}) };
  }

  async getAdminCredentials(
    storeId: string,
  ): Promise<AdminCredentialsResponse> {
    await this.getStore(storeId);
    // A made-up password for the dev page: this stand-in has no store Secret.
    return { username: 'admin', password: 'dev-only-password' };
  }

  async resetAdminPassword(
    storeId: string,
  ): Promise<AdminPasswordResetResponse> {
    await this.getStore(storeId);
    return { storeId, resetAt: new Date().toISOString() };
  }

  async getKubernetesEvents(storeId: string): Promise<StoreKubernetesEvent[]> {
    const store = await this.getStore(storeId);
    if (store.status !== 'failed') return [];
    return [
      {
        reason: 'BackOff',
        object: 'Pod/medusa-0',
        message: 'Back-off restarting failed container',
        count: 4,
        lastSeen: store.updatedAt,
      },
    ];
  }

  async listBackups(storeId: string): Promise<StoreBackup[]> {
    await this.getStore(storeId);
    return [];
  }

  private advance(id: string, to: StoreStatus, afterMs: number) {
    setTimeout(() => {
      const store = this.stores.get(id);
      if (store && !isSettled(store.status)) this.set(store, to);
    }, afterMs);
  }

  private set(store: Store, to: StoreStatus) {
    this.record(store.id, store.status, to);
    this.stores.set(store.id, {
      ...store,
      status: to,
      updatedAt: new Date().toISOString(),
    });
  }

  private record(storeId: string, from: StoreStatus | null, to: StoreStatus) {
    this.events.push({
      id: this.events.length + 1,
      storeId,
      from,
      to,
      at: new Date().toISOString(),
    });
  }
}
