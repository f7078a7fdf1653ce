import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { StoreClusterOps } from './StoreClusterOps';

/** The exports of the node library this plugin looks for. */
interface StoreClusterModule {
  createStoreCluster(kubeConfig: unknown, config?: unknown): StoreClusterOps;
  kubeConfigFromConfig(config: Config): unknown;
}

/**
 * Builds the real cluster operations from the node library, looked up at run
 * time so this plugin starts (without deletion or drift checks) when the
 * library or `storePlatform.kubernetes` is not there.
 */
export async function loadStoreCluster(
  config: Config,
  logger: LoggerService,
): Promise<StoreClusterOps | undefined> {
  let library: Partial<StoreClusterModule>;
  try {
    library = (await import(
      '@internal/plugin-store-platform-node'
    )) as Partial<StoreClusterModule>;
  } catch (error) {
    logger.warn(`Store cluster library could not be loaded: ${error}`);
    return undefined;
  }
  if (
    typeof library.createStoreCluster !== 'function' ||
    typeof library.kubeConfigFromConfig !== 'function'
  ) {
    logger.warn(
      'Store cluster library does not export createStoreCluster/kubeConfigFromConfig; ' +
        'store deletion and cluster checks are disabled',
    );
    return undefined;
  }
  try {
    const kubeConfig = library.kubeConfigFromConfig(config);
    return library.createStoreCluster(
      kubeConfig,
      config.getOptionalConfig('storePlatform.kubernetes'),
    );
  } catch (error) {
    logger.warn(
      `No Kubernetes cluster for stores (storePlatform.kubernetes): ${error}; ` +
        'store deletion and cluster checks are disabled',
    );
    return undefined;
  }
}
