import { NewStore } from '../database/StoreDatabase';

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
