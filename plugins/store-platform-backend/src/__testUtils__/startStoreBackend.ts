import { PermissionsService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { createStorePlatformPlugin } from '../plugin';
import { StoreClusterOps } from '../cluster/StoreClusterOps';

/** Starts a test backend with only the store-platform plugin, on in-memory SQLite. */
export async function startStoreBackend(
  options: {
    cluster?: StoreClusterOps | null;
    permissions?: PermissionsService;
    /** Extra app-config, e.g. `{ storePlatform: { reservedIds: [...] } }`. */
    config?: JsonObject;
  } = {},
) {
  return startTestBackend({
    features: [
      createStorePlatformPlugin({ cluster: options.cluster ?? null }),
      eventsServiceFactory,
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ...(options.config
        ? [mockServices.rootConfig.factory({ data: options.config })]
        : []),
      ...(options.permissions
        ? [mockServices.permissions.mock(options.permissions).factory]
        : []),
    ],
  });
}
