import { HttpAuthService } from '@backstage/backend-plugin-api';
import { StoreClusterSummary } from '@internal/plugin-store-platform-common';
import { StoreClusterDefinition } from '@internal/plugin-store-platform-node';
import express from 'express';
import Router from 'express-promise-router';
import { ClusterHealthView } from '../cluster/StoreClusters';

export interface ClustersRouterOptions {
  clusters: readonly StoreClusterDefinition[];
  clusterHealth?: ClusterHealthView;
  /** Stores per cluster now (see storesPerCluster). */
  countStores(): Promise<ReadonlyMap<string, number>>;
  httpAuth: HttpAuthService;
}

/**
 * `GET /clusters`: the clusters a new store may be placed on, with their
 * labels, capacity, load and reachability, for the store form's Cluster
 * field. Any signed-in user may read it; how to reach a cluster (URLs,
 * kubeconfigs, token Secrets) is never part of it.
 */
export async function createClustersRouter(
  options: ClustersRouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.get('/clusters', async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const counts = await options.countStores();
    const items: StoreClusterSummary[] = options.clusters.map(c => {
      const unreachable = options.clusterHealth?.unreachable(c.name);
      return {
        name: c.name,
        labels: c.labels,
        ...(c.capacity !== undefined ? { capacity: c.capacity } : {}),
        stores: counts.get(c.name) ?? 0,
        ...(unreachable ? { unreachable } : {}),
      };
    });
    res.json({ items });
  });
  return router;
}
