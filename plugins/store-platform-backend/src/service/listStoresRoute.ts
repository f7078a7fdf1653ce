import {
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ConditionTransformer } from '@backstage/plugin-permission-node';
import {
  listStoresQuerySchema,
  StoreImageRefs,
  storeReadPermission,
} from '@store-platform/plugin-store-platform-common';
import express from 'express';
import { ClusterHealthView } from '../cluster/StoreClusters';
import { StoreDatabase } from '../database/StoreDatabase';
import { StoreQuery } from '../permissions/storeQuery';
import { CallerCredentials } from './callers';
import { withClusterReading } from './clusterReading';
import { normaliseOwner } from './owners';
import { withUpgradeFlag } from './upgradeAvailable';
import { parseOrThrow } from './validation';

export interface ListStoresRouteOptions {
  db: StoreDatabase;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  /** Turns the permission framework's conditions into a database filter. */
  toStoreQuery: ConditionTransformer<StoreQuery>;
  configuredImages?: StoreImageRefs;
  clusterHealth?: ClusterHealthView;
}

/** The refs a user owns through: themselves and their groups, from the token's claims. */
async function ownershipRefs(
  userInfo: UserInfoService,
  credentials: CallerCredentials,
): Promise<string[]> {
  if (!('userEntityRef' in credentials.principal)) {
    throw new InputError(
      'Invalid query: mine: only a signed-in user has stores of their own; a service has no ownership',
    );
  }
  const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
  return ownershipEntityRefs;
}

/**
 * `GET /stores`: a page of the stores the caller may read. A conditional
 * `store.read` decision becomes part of the SQL, so pages and `totalCount`
 * are what this caller may see, never filtered afterwards.
 */
export function listStoresRoute(
  options: ListStoresRouteOptions,
): express.RequestHandler {
  const { db, httpAuth, permissions } = options;
  return async (req, res) => {
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
      ownedBy: query.mine
        ? await ownershipRefs(options.userInfo, credentials)
        : undefined,
      search: query.q,
      orderBy: query.orderBy,
      order: query.order,
      offset: query.offset,
      cursor: query.cursor,
      limit: query.limit,
      filter:
        decision.result === AuthorizeResult.CONDITIONAL
          ? options.toStoreQuery(decision.conditions)
          : undefined,
    });
    res.json({
      ...page,
      items: page.items.map(store =>
        withClusterReading(
          withUpgradeFlag(store, options.configuredImages),
          options.clusterHealth,
        ),
      ),
    });
  };
}
