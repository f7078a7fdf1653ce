import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  kubeConfigFromConfig,
  readProvisioningConfig,
  StoreClusterRegistry,
} from '@store-platform/plugin-store-platform-node';
import { StoreClusters } from './StoreClusters';

/**
 * The clusters stores live on, from `storePlatform.clusters` (or the one
 * `default` cluster of `storePlatform.kubernetes`), and `storePlatform.provisioning`
 * (e.g. the deletion timeout), read the same way as the scaffolder actions
 * read them.
 *
 * A `storePlatform.clusters` that is wrong stops the start-up, naming the
 * field: stores would otherwise be placed by a rule nobody wrote. Without
 * it, a single cluster that cannot be used is logged and the plugin runs
 * without deletion and drift checks, as it always has, so a cluster problem
 * does not take the store API down with it.
 */
export function loadStoreClusters(
  config: Config,
  logger: LoggerService,
  clusterOf: (storeId: string) => Promise<string>,
): StoreClusters | undefined {
  const registry = StoreClusterRegistry.fromConfig(config);
  try {
    if (!config.has('storePlatform.clusters')) kubeConfigFromConfig(config);
    return new StoreClusters(
      registry,
      readProvisioningConfig(config),
      clusterOf,
      logger,
    );
  } catch (error) {
    logger.warn(
      `No Kubernetes cluster for stores (storePlatform.kubernetes / storePlatform.provisioning): ${error}; ` +
        'store deletion and cluster checks are disabled',
    );
    return undefined;
  }
}
