import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  MAX_PAGE_SIZE,
  Page,
  Store,
  STORE_PLATFORM_PLUGIN_ID,
} from '@internal/plugin-store-platform-common';
import { StoreSource } from './StoreEntityProvider';

/**
 * Reads every store from the store-platform API with the catalog's own
 * service credentials (the catalog runs as its own plugin, with its own
 * database, so it cannot read the registry directly).
 */
export function apiStoreSource(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): StoreSource {
  const { discovery, auth } = options;
  return {
    async listAll() {
      const baseUrl = await discovery.getBaseUrl(STORE_PLATFORM_PLUGIN_ID);
      const stores: Store[] = [];
      for (let offset = 0; ; ) {
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: await auth.getOwnServiceCredentials(),
          targetPluginId: STORE_PLATFORM_PLUGIN_ID,
        });
        const response = await fetch(
          `${baseUrl}/stores?offset=${offset}&limit=${MAX_PAGE_SIZE}`,
          { headers: { Authorization: `Bearer ${token}` } },
        );
        if (!response.ok) throw await ResponseError.fromResponse(response);
        const page = (await response.json()) as Page<Store>;
        stores.push(...page.items);
        offset += page.items.length;
        if (page.items.length === 0 || offset >= page.totalCount) return stores;
      }
    },
  };
}
