import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  beginOperationRequestSchema,
  finishOperationRequestSchema,
  operationHeartbeatRequestSchema,
  storeUpdatePermission,
} from '@store-platform/plugin-store-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { authorizeStore } from './authorizeStore';
import { isActingForAPlugin } from './callers';
import { normaliseOwner } from './owners';
import { parseOrThrow, parseStoreId } from './validation';
import { StoreService } from './StoreService';

export interface OperationsRouterOptions {
  service: StoreService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}

/**
 * The lease of a day-two operation, for the scaffolder actions that run them:
 * begin (as the task's initiator, who needs `store.update`), heartbeat, finish.
 * People never call these directly: an operation is a task with its own log.
 */
export async function createOperationsRouter(
  options: OperationsRouterOptions,
): Promise<express.Router> {
  const { service, httpAuth, permissions } = options;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  async function pluginCaller(req: express.Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (!isActingForAPlugin(credentials)) {
      throw new NotAllowedError(
        'operations are run by their scaffolder templates, not called directly',
      );
    }
    return credentials;
  }

  router.post('/stores/:id/operations', async (req, res) => {
    const credentials = await pluginCaller(req);
    const id = parseStoreId(req.params.id);
    await service.db.get(id);
    const body = parseOrThrow(
      beginOperationRequestSchema,
      req.body ?? {},
      'operation',
    );
    // The initiator's right to change the store, decided before the lease.
    if ('userEntityRef' in credentials.principal) {
      await authorizeStore(
        permissions,
        storeUpdatePermission,
        id,
        credentials,
        `run ${body.operation} on`,
      );
    }
    res.json(await service.beginOperation(id, body.operation, body.taskId));
  });

  router.post('/stores/:id/operations/heartbeat', async (req, res) => {
    await pluginCaller(req);
    const id = parseStoreId(req.params.id);
    const body = parseOrThrow(
      operationHeartbeatRequestSchema,
      req.body ?? {},
      'heartbeat',
    );
    await service.heartbeat(id, body.taskId);
    res.status(204).end();
  });

  router.post('/stores/:id/operations/finish', async (req, res) => {
    await pluginCaller(req);
    const id = parseStoreId(req.params.id);
    const body = parseOrThrow(
      finishOperationRequestSchema,
      req.body ?? {},
      'operation outcome',
    );
    const owner = body.changes?.owner;
    res.json(
      await service.finishOperation(id, {
        ...body,
        changes: body.changes && {
          ...body.changes,
          ...(owner ? { owner: normaliseOwner(owner) } : {}),
        },
      }),
    );
  });

  return router;
}
