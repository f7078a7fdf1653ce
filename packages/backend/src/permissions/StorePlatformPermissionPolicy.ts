import { UserInfoService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  createStoreClusterConditionalDecision,
  createStoreConditionalDecision,
  storeClusterConditions,
  storeConditions,
} from '@store-platform/plugin-store-platform-backend';
import {
  storeClusterUsePermission,
  storeCreatePermission,
  storeCredentialsReadPermission,
  storeDeletePermission,
  storeUpdatePermission,
} from '@store-platform/plugin-store-platform-common';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';

/** Group whose members may do anything, unless configured otherwise. */
export const DEFAULT_ADMIN_REF = 'group:default/platform-admins';

/**
 * Store permissions only the store's owner (or an admin) has. For
 * `store.create` the owner is the one the new store would have: nobody
 * registers a store in another team's name.
 */
const OWNER_ONLY_STORE_PERMISSIONS = [
  storeCreatePermission,
  storeUpdatePermission,
  storeCredentialsReadPermission,
  storeDeletePermission,
];

/**
 * The Store Platform's permission policy.
 *
 * - Admins (members of the entity refs in `storePlatform.permissions.admins`,
 *   default `group:default/platform-admins`) are allowed everything.
 * - Removing a catalog entity needs ownership of that entity.
 * - Creating, changing, deleting a store and reading its admin credentials
 *   (`store.create`, `store.update`, `store.delete`, `store.credentials.read`)
 *   need ownership of that store: its `owner` is the user or one of their
 *   groups (rule `IS_STORE_OWNER` of the store-platform plugin).
 * - Placing a store on a cluster (`store.cluster.use`) needs the cluster to
 *   list none of `users` in `storePlatform.clusters`, or the user or one of
 *   their groups among them (rule `IS_CLUSTER_OPEN_TO`).
 * - Everything else is allowed, `store.read` included: the portal is open
 *   for reading.
 */
export class StorePlatformPermissionPolicy implements PermissionPolicy {
  static fromConfig(
    config: Config,
    userInfo: UserInfoService,
  ): StorePlatformPermissionPolicy {
    const admins = config.getOptionalStringArray(
      'storePlatform.permissions.admins',
    ) ?? [DEFAULT_ADMIN_REF];
    return new StorePlatformPermissionPolicy(admins, userInfo);
  }

  constructor(
    private readonly adminRefs: readonly string[],
    private readonly userInfo: UserInfoService,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user
      ? (await this.userInfo.getUserInfo(user.credentials)).ownershipEntityRefs
      : [];
    if (claims.some(ref => this.adminRefs.includes(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(request.permission, catalogEntityDeletePermission)) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    if (isPermission(request.permission, storeClusterUsePermission)) {
      return createStoreClusterConditionalDecision(
        request.permission,
        storeClusterConditions.isClusterOpenTo({ claims }),
      );
    }
    const ownerOnly = OWNER_ONLY_STORE_PERMISSIONS.find(permission =>
      isPermission(request.permission, permission),
    );
    if (ownerOnly) {
      return createStoreConditionalDecision(
        ownerOnly,
        storeConditions.isStoreOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
