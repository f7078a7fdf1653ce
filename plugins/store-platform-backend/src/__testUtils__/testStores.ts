import { Store } from '@store-platform/plugin-store-platform-common';
import { NewStore } from '../database/StoreDatabase';

/** A store record as the API returns it, for tests that need many. */
export function testStore(id: string, overrides: Partial<Store> = {}): Store {
  return {
    id,
    title: `Store ${id}`,
    engine: 'woocommerce',
    owner: 'group:default/shop-team',
    size: 'small',
    namespace: `store-${id}`,
    url: `http://${id}.localhost`,
    status: 'ready',
    createdAt: '2025-06-01T10:00:00.000Z',
    updatedAt: '2025-06-01T10:00:00.000Z',
    ...overrides,
  };
}

/** A store to register (what POST /stores passes on once validated). */
export function newTestStore(
  id: string,
  overrides: Partial<NewStore> = {},
): NewStore {
  return {
    id,
    title: id,
    engine: 'woocommerce',
    owner: 'group:default/shop',
    size: 'small',
    namespace: `store-${id}`,
    url: `http://${id}.localhost`,
    ...overrides,
  };
}
