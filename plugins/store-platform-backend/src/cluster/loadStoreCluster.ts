import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  createStoreCluster,
  kubeConfigFromConfig,
  readProvisioningConfig,
} from '@internal/plugin-store-platform-node';
import { StoreClusterOps } from './StoreClusterOps';

/**
 * The cluster stores live in, from `storePlatform.kubernetes` (which cluster)
 * and `storePlatform.provisioning` (e.g. the deletion timeout), read the same
 * way as the scaffolder actions read them. A configuration that cannot be
 * used is logged and the plugin runs without deletion and drift checks, so a
 * cluster problem does not take the store API down with it.
 */
export function loadStoreCluster(
  config: Config,
  logger: LoggerService,
): StoreClusterOps | undefined {
  try {
    return createStoreCluster(
      kubeConfigFromConfig(config),
      readProvisioningConfig(config),
    );
  } catch (error) {
    logger.warn(
      `No Kubernetes cluster for stores (storePlatform.kubernetes / storePlatform.provisioning): ${error}; ` +
        'store deletion and cluster checks are disabled',
    );
    return undefined;
  }
}
