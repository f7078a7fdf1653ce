import { Entity } from '@backstage/catalog-model';
import {
  Store,
  StoreEvent,
  storeEntityLocation,
} from '@store-platform/plugin-store-platform-common';
import { StorePlatformApi } from '../api';
import { STORE_ID_ANNOTATION } from '../entity';

/** A store as the backend would return it; override what the test is about. */
export function aStore(overrides: Partial<Store> = {}): Store {
  const id = overrides.id ?? 'corner-shop';
  return {
    id,
    title: 'Corner shop',
    engine: 'woocommerce',
    owner: 'group:default/shop-team',
    size: 'small',
    namespace: `store-${id}`,
    url: `http://${id}.localhost`,
    status: 'ready',
    createdAt: '2025-01-02T10:00:00.000Z',
    updatedAt: '2025-01-02T10:05:00.000Z',
    ...overrides,
  };
}

export function someEvents(storeId = 'corner-shop'): StoreEvent[] {
  return [
    {
      id: 1,
      storeId,
      from: null,
      to: 'pending',
      at: '2025-01-02T10:00:00.000Z',
    },
    {
      id: 2,
      storeId,
      from: 'pending',
      to: 'provisioning',
      message: 'Creating namespace store-corner-shop',
      at: '2025-01-02T10:00:01.000Z',
    },
    {
      id: 3,
      storeId,
      from: 'provisioning',
      to: 'ready',
      at: '2025-01-02T10:05:00.000Z',
    },
  ];
}

/** The catalog entity of a store, as the entity provider would emit it. */
export function aStoreEntity(storeId = 'corner-shop'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: storeId,
      namespace: 'default',
      annotations: {
        [STORE_ID_ANNOTATION]: storeId,
        'backstage.io/managed-by-location': storeEntityLocation(storeId),
        'backstage.io/managed-by-origin-location': storeEntityLocation(storeId),
      },
    },
    spec: { type: 'woocommerce-store', owner: 'group:default/shop-team' },
  };
}

/** An entity from a catalog file that claims to be a store: not the platform's. */
export function aLookAlikeStoreEntity(storeId = 'corner-shop'): Entity {
  const location = 'url:https://example.com/catalog-info.yaml';
  return {
    ...aStoreEntity(storeId),
    metadata: {
      name: storeId,
      namespace: 'default',
      annotations: {
        [STORE_ID_ANNOTATION]: storeId,
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
      },
    },
  };
}

/**
 * A StorePlatformApi whose methods are jest mocks, each rejecting until set
 * up; except the store card's side readings (Kubernetes events, backups),
 * which every card render makes: those answer an empty list.
 */
export function mockStorePlatformApi(): jest.Mocked<StorePlatformApi> {
  const unexpected = (name: string) =>
    jest.fn(async (..._args: unknown[]): Promise<never> => {
      throw new Error(`unexpected call to ${name}`);
    });
  return {
    listStores: unexpected('listStores'),
    getStore: unexpected('getStore'),
    getStoreEvents: unexpected('getStoreEvents'),
    deleteStore: unexpected('deleteStore'),
    getAdminCredentials: unexpected('getAdminCredentials'),
    resetAdminPassword: unexpected('resetAdminPassword'),
    checkStoreId: unexpected('checkStoreId'),
    getKubernetesEvents: jest.fn(async () => []),
    listBackups: jest.fn(async () => []),
    listClusters: unexpected('listClusters'),
  } as unknown as jest.Mocked<StorePlatformApi>;
}
