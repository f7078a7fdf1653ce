import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  platformStoreId,
  storeEntityRef,
} from '@store-platform/plugin-store-platform-common';
import { StoreCatalog } from '../ports';

const POLL_INTERVAL_MS = 1_000;
const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Waits for the store's entity, which the store-platform catalog module
 * emits. An entity of the same name from anywhere else (a catalog file
 * registered by anyone) does not count. The catalog offers no watch, so this
 * polls at a fixed, short interval with a deadline. Past the deadline it
 * throws, saying what it waited for; store:provision then marks the store
 * `ready` with a note that its entity is late (the store runs regardless).
 */
export function catalogWaiter(options: {
  catalog: CatalogService;
  auth: AuthService;
  timeoutMs?: number;
}): StoreCatalog {
  const { catalog, auth, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  return {
    async waitForStoreEntity(storeId, { signal, progress }) {
      const entityRef = storeEntityRef(storeId);
      progress(`waiting for ${entityRef} to appear in the catalog`);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        signal.throwIfAborted();
        const credentials = await auth.getOwnServiceCredentials();
        const entity = await catalog.getEntityByRef(entityRef, {
          credentials,
        });
        if (entity && platformStoreId(entity) === storeId) return entityRef;
        if (Date.now() > deadline) {
          throw new Error(
            `${entityRef} did not appear in the catalog within ${
              timeoutMs / 1000
            } s; is the store-platform catalog module installed?`,
          );
        }
        await new Promise(resolve => setTimeout(resolve, POLL_INTERVAL_MS));
      }
    },
  };
}
