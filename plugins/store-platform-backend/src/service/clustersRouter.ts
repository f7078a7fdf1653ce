import {
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { StoreClusterSummary } from '@store-platform/plugin-store-platform-common';
import { StoreClusterDefinition } from '@store-platform/plugin-store-platform-node';
import express from 'express';
import Router from 'express-promise-router';
import { ClusterHealthView } from '../cluster/StoreClusters';
import { usableClustersFor } from './usableClusters';

export interface ClustersRouterOptions {
  clusters: readonly StoreClusterDefinition[];
  clusterHealth?: ClusterHealthView;
  /** Stores per cluster now (see storesPerCluster). */
  countStores(): Promise<ReadonlyMap<string, number>>;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
}

/**
 * `GET /clusters`: the clusters the caller may place a new store on
 * (`store.cluster.use`), with their
 * labels, capacity, load and reachability, for the store form's Cluster
 * field. Any signed-in user may read it; how to reach a cluster (URLs,
 * kubeconfigs, token Secrets) is never part of it.
 */
export async function createClustersRouter(
  options: ClustersRouterOptions,
): Promise<express.Router> {
  const usableClusters = usableClustersFor(options);
  const router = Router();
  router.get('/clusters', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const usable = await usableClusters(credentials);
    const counts = await options.countStores();
    const items: StoreClusterSummary[] = usable.map(c => {
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
