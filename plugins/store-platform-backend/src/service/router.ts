import {
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  createStoreRequestSchema,
  statusUpdateRequestSchema,
  Store,
  storeCreatePermission,
  storeDeletePermission,
  StoreIdAvailability,
  StoreImageRefs,
  storeIdProblem,
  storeNamespace,
  storeReadPermission,
  storeUpdatePermission,
} from '@store-platform/plugin-store-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { StoreClusterDefinition } from '@store-platform/plugin-store-platform-node';
import { placementRule } from '../cluster/placement';
import { ClusterHealthView } from '../cluster/StoreClusters';
import { DeletionWorker } from '../deletion/DeletionWorker';
import { storePermissionResourceRef } from '../permissions/rules';
import { authorizeStore } from './authorizeStore';
import { CallerCredentials, isActingForAPlugin } from './callers';
import { withClusterReading } from './clusterReading';
import { usableClustersFor } from './usableClusters';
import { listStoresRoute } from './listStoresRoute';
import { normaliseOwner } from './owners';
import { reservedIdProblem } from './reservedIds';
import { StoreService } from './StoreService';
import { withUpgradeFlag } from './upgradeAvailable';
import {
  assertEngineAvailable,
  parseOrThrow,
  parseStoreId,
} from './validation';

export interface RouterOptions {
  service: StoreService;
  deletions: DeletionWorker;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  userInfo: UserInfoService;
  /** Builds a store's public URL from its id. */
  storeUrl(storeId: string): string;
  /** Ids no new store may take (see reservedStoreIds). */
  reservedIds: ReadonlySet<string>;
  /** The images new stores get, to tell which stores have an upgrade available. */
  configuredImages?: StoreImageRefs;
  /** The clusters new stores are placed on (see placementRule). */
  clusters: readonly StoreClusterDefinition[];
  /** Which clusters this replica sees unreachable now. */
  clusterHealth?: ClusterHealthView;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, deletions, httpAuth, permissions } = options;
  const db = service.db;
  const ruleset = options.permissionsRegistry.getPermissionRuleset(
    storePermissionResourceRef,
  );
  const toStoreQuery = createConditionTransformer(ruleset);
  const isAllowedFor = createConditionAuthorizer(ruleset);

  const usableClusters = usableClustersFor(options);
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  router.get(
    '/stores',
    listStoresRoute({
      db,
      httpAuth,
      permissions,
      userInfo: options.userInfo,
      toStoreQuery,
      configuredImages: options.configuredImages,
      clusterHealth: options.clusterHealth,
    }),
  );

  router.get('/stores/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const id = parseStoreId(req.params.id);
    const store = await db.get(id);
    await authorizeStore(permissions, storeReadPermission, id, credentials);
    res.json(
      withClusterReading(
        withUpgradeFlag(store, options.configuredImages),
        options.clusterHealth,
      ),
    );
  });

  router.get('/stores/:id/events', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const id = parseStoreId(req.params.id);
    await db.get(id);
    await authorizeStore(permissions, storeReadPermission, id, credentials);
    res.json({ items: await db.events(id) });
  });

  // The store form asks before it submits: the rule, reserved ids, taken ids.
  router.get('/store-ids/:id', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    const id = req.params.id;
    const reason =
      storeIdProblem(id) ??
      reservedIdProblem(id, options.reservedIds) ??
      ((await db.find(id))
        ? `a store with id "${id}" already exists; choose another`
        : undefined);
    const availability: StoreIdAvailability = {
      id,
      available: reason === undefined,
      ...(reason ? { reason } : {}),
    };
    res.json(availability);
  });

  router.post('/stores', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const body = parseOrThrow(
      createStoreRequestSchema,
      req.body ?? {},
      'store',
    );
    const idProblem = reservedIdProblem(body.id, options.reservedIds);
    if (idProblem) throw new InputError(`Invalid store: id: ${idProblem}`);
    assertEngineAvailable(body.engine);
    if (body.taskId && !isActingForAPlugin(credentials)) {
      throw new InputError(
        'Invalid store: taskId: only the scaffolder records the task of a store',
      );
    }
    const proposed: Store = {
      id: body.id,
      title: body.title ?? body.id,
      engine: body.engine,
      owner: normaliseOwner(body.owner),
      size: body.size,
      namespace: storeNamespace(body.id),
      url: options.storeUrl(body.id),
      status: 'pending',
      taskId: body.taskId,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    // Decided before anything is written: a refused create leaves no row.
    const [decision] = await permissions.authorizeConditional(
      [{ permission: storeCreatePermission }],
      { credentials },
    );
    if (!isAllowedFor(decision, proposed)) {
      throw new NotAllowedError(
        await createRefusal(credentials, proposed.owner),
      );
    }
    const usable = await usableClusters(credentials);
    if (
      body.cluster &&
      options.clusters.some(c => c.name === body.cluster) &&
      !usable.some(c => c.name === body.cluster)
    ) {
      throw new NotAllowedError(
        `cluster: not allowed to place stores on cluster ${body.cluster}${
          usable.length > 0
            ? `; you may use ${usable.map(c => c.name).join(', ')}`
            : ''
        }`,
      );
    }
    if (usable.length === 0) {
      throw new NotAllowedError(
        'cluster: not allowed to place stores on any configured cluster',
      );
    }
    const store = await service.register(
      {
        id: proposed.id,
        title: proposed.title,
        engine: proposed.engine,
        owner: proposed.owner,
        size: proposed.size,
        namespace: proposed.namespace,
        url: proposed.url,
        taskId: proposed.taskId,
      },
      // Decided in the registering transaction, from the stores placed so far.
      placementRule(
        // Unknown names are still refused naming every configured cluster.
        body.cluster && !options.clusters.some(c => c.name === body.cluster)
          ? options.clusters
          : usable,
        { cluster: body.cluster, clusterSelector: body.clusterSelector },
        cluster => options.clusterHealth?.unreachable(cluster) !== undefined,
      ),
    );
    res.status(201).json(store);
  });

  /** 403 message of a refused create: names the owner and why. */
  async function createRefusal(
    credentials: CallerCredentials,
    owner: string,
  ): Promise<string> {
    if (!('userEntityRef' in credentials.principal)) {
      return `not allowed to register a store owned by ${owner}: stores are registered by people (or a plugin acting for one), and a service has no ownership`;
    }
    const { ownershipEntityRefs } = await options.userInfo.getUserInfo(
      credentials,
    );
    return `not allowed to register a store owned by ${owner}: a store's owner must be you or one of your groups (${ownershipEntityRefs.join(
      ', ',
    )}), unless you are a platform admin`;
  }

  router.post('/stores/:id/status', async (req, res) => {
    // Status is reported by the provisioning actions, never by people: a
    // backend plugin on its own, or acting for a user who may change the store.
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (!isActingForAPlugin(credentials)) {
      throw new NotAllowedError(
        'status is reported by the provisioning actions, not set by people',
      );
    }
    const id = parseStoreId(req.params.id);
    await db.get(id);
    if ('userEntityRef' in credentials.principal) {
      await authorizeStore(permissions, storeUpdatePermission, id, credentials);
    }
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
    await authorizeStore(permissions, storeDeletePermission, id, credentials);
    const who =
      'userEntityRef' in credentials.principal
        ? credentials.principal.userEntityRef
        : `service ${credentials.principal.subject}`;
    const store = await service.beginDeletion(
      id,
      `deletion requested by ${who}`,
    );
    deletions.enqueue(id);
    res.status(202).json(store);
  });

  return router;
}
