import { isError } from '@backstage/errors';
import { StoreStatusClient } from '@store-platform/plugin-store-platform-node';
import { StoreRegistry } from '../ports';

/** The status API client, as the actions' registry port. */
export function storeRegistryFrom(client: StoreStatusClient): StoreRegistry {
  return {
    register: (request, onBehalfOf) => client.register(request, { onBehalfOf }),
    async get(storeId) {
      try {
        return await client.get(storeId);
      } catch (error) {
        if (isError(error) && error.name === 'NotFoundError') return undefined;
        throw error;
      }
    },
    transition: (storeId, update, onBehalfOf) =>
      client.transition(storeId, update, { onBehalfOf }),
    delete: (storeId, onBehalfOf) => client.delete(storeId, { onBehalfOf }),
    beginOperation: (storeId, request, onBehalfOf) =>
      client.beginOperation(storeId, request, { onBehalfOf }),
    heartbeat: (storeId, taskId) => client.heartbeat(storeId, taskId),
    finishOperation: (storeId, request) =>
      client.finishOperation(storeId, request),
  };
}
