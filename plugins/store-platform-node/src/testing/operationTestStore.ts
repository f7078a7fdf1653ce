import { KubeConfig } from '@kubernetes/client-node';
import { StoreSize } from '@store-platform/plugin-store-platform-common';
import { createStoreCluster } from '../cluster/storeCluster';
import {
  ProvisioningConfig,
  provisioningConfigWith,
} from '../config/provisioningConfig';
import { provisionStore } from '../provisionStore';
import { uniqueStoreId } from './testCluster';

/** Timeouts short enough for a test to see a wait fail, long enough for kwok. */
export const OPERATION_TEST_CONFIG: ProvisioningConfig = provisioningConfigWith(
  {
    timeouts: {
      databaseReadyMs: 60_000,
      storefrontReadyMs: 60_000,
      bootstrapMs: 60_000,
      deleteMs: 120_000,
    },
  },
);

/**
 * Provisions a store for a day-two operation test on the local control
 * plane; `cleanup()` deletes every store it made.
 */
export function operationTestStores(kc: () => KubeConfig) {
  const made: string[] = [];
  return {
    async provision(prefix: string, size: StoreSize = 'small') {
      const id = uniqueStoreId(prefix);
      made.push(id);
      await provisionStore(kc(), OPERATION_TEST_CONFIG, {
        id,
        title: 'Operations Shop',
        engine: 'woocommerce',
        size,
        adminEmail: 'owner@example.com',
        owner: 'group:default/shop-team',
      });
      return id;
    },
    async cleanup() {
      const cluster = createStoreCluster(kc(), OPERATION_TEST_CONFIG);
      await Promise.allSettled(
        made.map(id => cluster.deleteStore(id, { timeoutMs: 120_000 })),
      );
    },
  };
}
