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
} from '@store-platform/plugin-store-platform-common';
import { ResourcePermission } from '@backstage/plugin-permission-common';
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

  /**
   * One audited, permission-gated action on a ready store: the audit event
   * names the store (never a secret) and records success or the refusal.
   */
  async function auditedStoreAction<T>(
    req: express.Request,
    action: {
      eventId: string;
      permission: ResourcePermission<'store'>;
      /** The refused action in words, e.g. `read the admin credentials of`. */
      what: string;
      /** Why it waits for `ready`, e.g. `its admin credentials can be read`. */
      once: string;
      run(store: Store, cluster: StoreClusterOps): Promise<T>;
    },
  ): Promise<T> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const id = parseStoreId(req.params.id);
    const audit = await auditor.createEvent({
      eventId: action.eventId,
      severityLevel: 'medium',
      request: req,
      meta: { storeId: id },
    });
    try {
      const store = await db.get(id);
      await authorizeStore(
        permissions,
        action.permission,
        id,
        credentials,
        action.what,
      );
      requireReady(store, action.once);
      const result = await action.run(store, requireCluster(options.cluster));
      await audit.success();
      return result;
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  }

  router.get('/stores/:id/admin-credentials', async (req, res) => {
    const body = await auditedStoreAction<AdminCredentialsResponse>(req, {
      eventId: 'admin-credentials-read',
      permission: storeCredentialsReadPermission,
      what: 'read the admin credentials of',
      once: 'its admin credentials can be read',
      async run(store, cluster) {
        const admin = await cluster.readAdminCredentials(store.id);
        if (!admin) {
          throw new NotFoundError(
            `store ${store.id} has no admin credentials in its namespace ${store.namespace}`,
          );
        }
        return { username: admin.username, password: admin.revealPassword() };
      },
    });
    res.json(body);
  });

  router.post('/stores/:id/admin-password/reset', async (req, res) => {
    const body = await auditedStoreAction<AdminPasswordResetResponse>(req, {
      eventId: 'admin-password-reset',
      permission: storeUpdatePermission,
      what: 'reset the admin password of',
      once: 'its admin password can be reset',
      async run(store, cluster) {
        await cluster.resetAdminPassword(store.id, {
          size: store.size,
          timeoutMs: options.resetTimeoutMs ?? DEFAULT_RESET_TIMEOUT_MS,
        });
        return { storeId: store.id, resetAt: new Date().toISOString() };
      },
    });
    res.json(body);
  });

  return router;
}
