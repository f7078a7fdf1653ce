import { Store } from '@store-platform/plugin-store-platform-common';

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
