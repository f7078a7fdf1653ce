import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AdminCredentialsResponse,
  AdminPasswordResetResponse,
  Store,
  storeCredentialsReadPermission,
  storeUpdatePermission,
} from '@internal/plugin-store-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { StoreClusterOps } from '../cluster/StoreClusterOps';
import { StoreDatabase } from '../database/StoreDatabase';
import { authorizeStore } from './authorizeStore';
import { parseStoreId } from './validation';

export interface CredentialsRouterOptions {
  db: StoreDatabase;
  /** Undefined when the plugin runs without a cluster: the routes answer 503. */
  cluster?: StoreClusterOps;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** Bound on one reset (its wp-cli Job); default 3 minutes. */
  resetTimeoutMs?: number;
}

const DEFAULT_RESET_TIMEOUT_MS = 3 * 60_000;

function requireReady(store: Store, what: string) {
  if (store.status !== 'ready') {
    throw new ConflictError(
      `store ${store.id} is ${store.status}: ${what} once it is ready`,
    );
  }
}

function requireCluster(cluster: StoreClusterOps | undefined) {
  if (!cluster) {
    throw new ServiceUnavailableError(
      'no Kubernetes cluster is configured for stores (storePlatform.kubernetes)',
    );
  }
  return cluster;
}

/**
 * The owner's way into the store: its WordPress admin credentials, read from
 * the store's Secret at request time (never cached, never logged), and a
 * reset of the admin password. Both are permission-gated per store and
 * recorded with the auditor; no audit event carries the password.
 */
export async function createCredentialsRouter(
  options: CredentialsRouterOptions,
): Promise<express.Router> {
  const { db, httpAuth, permissions, auditor } = options;
  const router = Router();

  // Nothing on these routes, errors included, may be kept by a browser or a proxy.
  router.use(
    ['/stores/:id/admin-credentials', '/stores/:id/admin-password'],
    (_req, res, next) => {
      res.set('Cache-Control', 'no-store');
      res.set('Pragma', 'no-cache');
      next();
    },
  );

  router.get('/stores/:id/admin-credentials', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const id = parseStoreId(req.params.id);
    const audit = await auditor.createEvent({
      eventId: 'admin-credentials-read',
      severityLevel: 'medium',
      request: req,
      meta: { storeId: id },
    });
    try {
      const store = await db.get(id);
      await authorizeStore(
        permissions,
        storeCredentialsReadPermission,
        id,
        credentials,
        'read the admin credentials of',
      );
      requireReady(store, 'its admin credentials can be read');
      const admin = await requireCluster(options.cluster).readAdminCredentials(
        id,
      );
      if (!admin) {
        throw new NotFoundError(
          `store ${id} has no admin credentials in its namespace ${store.namespace}`,
        );
      }
      const body: AdminCredentialsResponse = {
        username: admin.username,
        password: admin.revealPassword(),
      };
      res.json(body);
      await audit.success();
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  router.post('/stores/:id/admin-password/reset', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const id = parseStoreId(req.params.id);
    const audit = await auditor.createEvent({
      eventId: 'admin-password-reset',
      severityLevel: 'medium',
      request: req,
      meta: { storeId: id },
    });
    try {
      const store = await db.get(id);
      await authorizeStore(
        permissions,
        storeUpdatePermission,
        id,
        credentials,
        'reset the admin password of',
      );
      requireReady(store, 'its admin password can be reset');
      await requireCluster(options.cluster).resetAdminPassword(id, {
        size: store.size,
        timeoutMs: options.resetTimeoutMs ?? DEFAULT_RESET_TIMEOUT_MS,
      });
      const body: AdminPasswordResetResponse = {
        storeId: id,
        resetAt: new Date().toISOString(),
      };
      res.json(body);
      await audit.success();
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
