import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  createStoreRequestSchema,
  listStoresQuerySchema,
  statusUpdateRequestSchema,
  storeDeletePermission,
  storeNamespace,
  storeReadPermission,
} from '@internal/plugin-store-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { DeletionQueue } from '../deletion/DeletionQueue';
import { storePermissionResourceRef } from '../permissions/rules';
import { StoreService } from './StoreService';
import { parseOrThrow, parseStoreId } from './validation';

export interface RouterOptions {
  service: StoreService;
  deletions: DeletionQueue;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  /** Builds a store's public URL from its id. */
  storeUrl(storeId: string): string;
}

/** `group:shop` -> `group:default/shop`, so ownership compares like the catalog's. */
function normaliseOwner(owner: string): string {
  return stringifyEntityRef(
    parseEntityRef(owner, { defaultNamespace: 'default' }),
  );
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, deletions, httpAuth, permissions } = options;
  const db = service.db;
  const toStoreQuery = createConditionTransformer(
    options.permissionsRegistry.getPermissionRuleset(
      storePermissionResourceRef,
    ),
  );

  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  async function authorizeStore(
    permission: ResourcePermission<'store'>,
    storeId: string,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: storeId }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `not allowed to ${permission.attributes.action} store "${storeId}"`,
      );
    }
  }

  router.get('/stores', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseOrThrow(listStoresQuerySchema, req.query, 'query');
    const [decision] = await permissions.authorizeConditional(
      [{ permission: storeReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('not allowed to read stores');
    }
    const page = await db.list({
      status: query.status,
      owner: query.owner ? normaliseOwner(query.owner) : undefined,
      offset: query.offset,
      limit: query.limit,
      filter:
        decision.result === AuthorizeResult.CONDITIONAL
          ? toStoreQuery(decision.conditions)
          : undefined,
    });
    res.json(page);
  });

  router.get('/stores/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const id = parseStoreId(req.params.id);
    const store = await db.get(id);
    await authorizeStore(storeReadPermission, id, credentials);
    res.json(store);
  });

  router.get('/stores/:id/events', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const id = parseStoreId(req.params.id);
    await db.get(id);
    await authorizeStore(storeReadPermission, id, credentials);
    res.json({ items: await db.events(id) });
  });

  router.post('/stores', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const body = parseOrThrow(
      createStoreRequestSchema,
      req.body ?? {},
      'store',
    );
    const store = await service.register({
      id: body.id,
      title: body.title ?? body.id,
      engine: body.engine,
      owner: normaliseOwner(body.owner),
      size: body.size,
      namespace: storeNamespace(body.id),
      url: options.storeUrl(body.id),
      taskId: body.taskId,
    });
    res.status(201).json(store);
  });

  router.post('/stores/:id/status', async (req, res) => {
    // Status is reported by the provisioning actions, never by people.
    await httpAuth.credentials(req, { allow: ['service'] });
    const id = parseStoreId(req.params.id);
    const body = parseOrThrow(
      statusUpdateRequestSchema,
      req.body ?? {},
      'status update',
    );
    if (body.status === 'deleting') {
      throw new InputError(
        'Invalid status update: status: a store is deleted with DELETE /stores/:id, not by a status update',
      );
    }
    const store = await service.transition(id, body.status, {
      message: body.message,
      taskId: body.taskId,
    });
    res.json(store);
  });

  router.delete('/stores/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const id = parseStoreId(req.params.id);
    await db.get(id);
    await authorizeStore(storeDeletePermission, id, credentials);
    const who =
      'userEntityRef' in credentials.principal
        ? credentials.principal.userEntityRef
        : `service ${credentials.principal.subject}`;
    const store = await service.beginDeletion(
      id,
      `deletion requested by ${who}`,
    );
    void deletions.enqueue(id);
    res.status(202).json(store);
  });

  return router;
}
