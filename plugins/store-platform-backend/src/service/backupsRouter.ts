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

export interface BackupsRouterOptions {
  db: Pick<StoreDatabase, 'get'>;
  /** Undefined when the plugin runs without a cluster: the route answers 503. */
  cluster?: StoreClusterOps;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}

/**
 * `GET /stores/:id/backups` -> `{ items: StoreBackup[] }`, newest first: the
 * store's backups as its backup Jobs say at request time (the cluster is
 * their only record; the registry keeps no copy that could disagree), for
 * whoever may read the store (`store.read`), in any status.
 */
export async function createBackupsRouter(
  options: BackupsRouterOptions,
): Promise<express.Router> {
  const { db, cluster, httpAuth, permissions } = options;
  const router = Router();

  router.get('/stores/:id/backups', async (req, res) => {
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
      'read the backups of',
    );
    if (!cluster) {
      throw new ServiceUnavailableError(
        'no Kubernetes cluster is configured for stores (storePlatform.kubernetes)',
      );
    }
    try {
      res.json({ items: await cluster.listBackups(id) });
    } catch (error) {
      throw new ServiceUnavailableError(
        `could not read the backups of store ${id}: ${
          isError(error) ? error.message : String(error)
        }`,
      );
    }
  });

  return router;
}
