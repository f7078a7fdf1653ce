import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { isError, ServiceUnavailableError } from '@backstage/errors';
import { storeReadPermission } from '@store-platform/plugin-store-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { StoreClusterOps } from '../cluster/StoreClusterOps';
import { StoreDatabase } from '../database/StoreDatabase';
import { authorizeStore } from './authorizeStore';
import { parseStoreId } from './validation';

export interface ClusterReadingsRouterOptions {
  db: Pick<StoreDatabase, 'get'>;
  /** Undefined when the plugin runs without a cluster: the routes answer 503. */
  cluster?: StoreClusterOps;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}

/**
 * What the card reads about a store from its cluster, at request time, for
 * whoever may read the store (`store.read`), in any status:
 *
 * - `GET /stores/:id/backups` -> `{ items: StoreBackup[] }`, newest first: its
 *   backup Jobs are the only record of its backups (the registry keeps no
 *   copy that could disagree).
 * - `GET /stores/:id/kubernetes-events` -> `{ items: StoreKubernetesEvent[] }`:
 *   the Warning events of its namespace, which explain a store that is stuck
 *   or failed (generated passwords masked by the node library's reader).
 */
export async function createClusterReadingsRouter(
  options: ClusterReadingsRouterOptions,
): Promise<express.Router> {
  const { db, cluster, httpAuth, permissions } = options;
  const router = Router();

  /** One reading: the store's reader only, 503 naming why when the cluster cannot say. */
  function reading(
    what: string,
    read: (cluster: StoreClusterOps, storeId: string) => Promise<unknown[]>,
  ) {
    return async (req: express.Request, res: express.Response) => {
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
        `read the ${what} of`,
      );
      if (!cluster) {
        throw new ServiceUnavailableError(
          'no Kubernetes cluster is configured for stores (storePlatform.kubernetes)',
        );
      }
      try {
        res.json({ items: await read(cluster, id) });
      } catch (error) {
        throw new ServiceUnavailableError(
          `could not read the ${what} of store ${id}: ${
            isError(error) ? error.message : String(error)
          }`,
        );
      }
    };
  }

  router.get(
    '/stores/:id/backups',
    reading('backups', (c, id) => c.listBackups(id)),
  );
  router.get(
    '/stores/:id/kubernetes-events',
    reading('Kubernetes events', (c, id) => c.listWarningEvents(id)),
  );
  return router;
}
