import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Asks the permission framework whether `credentials` may do `permission` to
 * store `storeId`, and throws NotAllowedError (403) when not. Conditional
 * decisions (e.g. "owner only") are resolved by the framework against the
 * store, through the plugin's registered resource type.
 */
export async function authorizeStore(
  permissions: PermissionsService,
  permission: ResourcePermission<'store'>,
  storeId: string,
  credentials: BackstageCredentials,
  /** What is refused, in words, e.g. `read the admin credentials of`; default the action. */
  what: string = permission.attributes.action ?? 'use',
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: storeId }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`not allowed to ${what} store "${storeId}"`);
  }
}
