import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { isError, ServiceUnavailableError } from '@backstage/errors';
import { storeReadPermission } from '@internal/plugin-store-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { StoreClusterOps } from '../cluster/StoreClusterOps';
import { StoreDatabase } from '../database/StoreDatabase';
import { authorizeStore } from './authorizeStore';
import { parseStoreId } from './validation';

export interface KubernetesEventsRouterOptions {
  db: Pick<StoreDatabase, 'get'>;
  /** Undefined when the plugin runs without a cluster: the route answers 503. */
  cluster?: StoreClusterOps;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}

/**
 * `GET /stores/:id/kubernetes-events`: what Kubernetes warns about in the
 * store's namespace, read from the cluster at request time, for whoever may
 * read the store (`store.read`). In any status: warnings explain a store
 * that is stuck or failed. Generated passwords are masked by the node
 * library's reader.
 */
export async function createKubernetesEventsRouter(
  options: KubernetesEventsRouterOptions,
): Promise<express.Router> {
  const { db, cluster, httpAuth, permissions } = options;
  const router = Router();

  router.get('/stores/:id/kubernetes-events', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const id = parseStoreId(req.params.id);
    await db.get(id);
    await authorizeStore(
      permissions,
      storeReadPermission,
      id,
      credentials,
      'read the Kubernetes events of',
    );
    if (!cluster) {
      throw new ServiceUnavailableError(
        'no Kubernetes cluster is configured for stores (storePlatform.kubernetes)',
      );
    }
    try {
      res.json({ items: await cluster.listWarningEvents(id) });
    } catch (error) {
      throw new ServiceUnavailableError(
        `could not read the Kubernetes events of store ${id}: ${
          isError(error) ? error.message : String(error)
        }`,
      );
    }
  });

  return router;
}
