import { isError } from '@backstage/errors';
import { StoreStatusClient } from '@internal/plugin-store-platform-node';
import { StoreRegistry } from '../ports';

/** The status API client, as the actions' registry port. */
export function storeRegistryFrom(client: StoreStatusClient): StoreRegistry {
  return {
    register: request => client.register(request),
    async get(storeId) {
      try {
        return await client.get(storeId);
      } catch (error) {
        if (isError(error) && error.name === 'NotFoundError') return undefined;
        throw error;
      }
    },
    transition: (storeId, update) => client.transition(storeId, update),
    delete: (storeId, onBehalfOf) => client.delete(storeId, { onBehalfOf }),
  };
}
