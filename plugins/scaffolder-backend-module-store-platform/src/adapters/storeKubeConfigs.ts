import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { Store } from '@store-platform/plugin-store-platform-common';
import {
  DEFAULT_CLUSTER,
  StoreClusterRegistry,
} from '@store-platform/plugin-store-platform-node';

/** A store's cluster: its name and the credentials to reach it. */
export interface StoreKubeConfig {
  cluster: string;
  kubeConfig: KubeConfig;
}

/**
 * Each store's cluster for the adapters: the one its registration records
 * (the backend placed it), reached with `storePlatform.clusters` (never with
 * anything from template input). The configuration is read on first use, as
 * the adapters read theirs: a bad value fails the action naming the key,
 * not the scaffolder's start.
 */
export class StoreKubeConfigs {
  private registry?: StoreClusterRegistry;

  constructor(
    private readonly config: Config,
    /** The store as the backend records it; without it every store is on the first cluster. */
    private readonly lookup?: (storeId: string) => Promise<Store | undefined>,
  ) {}

  clusters(): StoreClusterRegistry {
    this.registry ??= StoreClusterRegistry.fromConfig(this.config);
    return this.registry;
  }

  async forStore(storeId: string): Promise<StoreKubeConfig> {
    const clusters = this.clusters();
    let cluster = clusters.names()[0] ?? DEFAULT_CLUSTER;
    if (this.lookup) {
      const store = await this.lookup(storeId);
      if (!store) throw new NotFoundError(`no store with id "${storeId}"`);
      cluster = store.cluster ?? DEFAULT_CLUSTER;
    }
    return { cluster, kubeConfig: await clusters.kubeConfig(cluster) };
  }
}
