import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import {
  MAX_PAGE_SIZE,
  Store,
  StoreStatus,
} from '@internal/plugin-store-platform-common';
import { storePlatformApiRef, StorePlatformApi } from '../../api';

/** Reads every page of the list, largest pages first, until none are left. */
export async function listAllStores(
  api: StorePlatformApi,
  status: StoreStatus | undefined,
): Promise<Store[]> {
  const stores: Store[] = [];
  for (;;) {
    const page = await api.listStores({
      status,
      offset: stores.length,
      limit: MAX_PAGE_SIZE,
    });
    stores.push(...page.items);
    // An empty page ends the loop even if totalCount moved while we read.
    if (page.items.length === 0 || stores.length >= page.totalCount) {
      return stores;
    }
  }
}

/** All stores, optionally only those in one status. */
export function useAllStores(status: StoreStatus | undefined) {
  const api = useApi(storePlatformApiRef);
  return useAsyncRetry(() => listAllStores(api, status), [api, status]);
}
