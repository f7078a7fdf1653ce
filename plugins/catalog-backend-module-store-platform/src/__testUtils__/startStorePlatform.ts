import { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
// Tests only (a devDependency): the module's runtime code reads the plugin through its API.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  createStorePlatformPlugin,
  StoreClusterOps,
} from '@store-platform/plugin-store-platform-backend';

/**
 * A cluster in which every store's namespace is deleted at once. The other
 * operations are never reached by these suites (the reconciler and sweeps do
 * not run: the scheduler skips start-up runs), so they fail loudly if they are.
 */
function deletingCluster(): StoreClusterOps {
  const unused = (name: string) => async () => {
    throw new Error(`cluster.${name} is not expected in this suite`);
  };
  return {
    deleteStore: async () => {},
    inspectStore: unused('inspectStore'),
    readAdminCredentials: unused('readAdminCredentials'),
    resetAdminPassword: unused('resetAdminPassword'),
    listWarningEvents: unused('listWarningEvents'),
    listBackups: unused('listBackups'),
    listRegisteredNamespaces: unused('listRegisteredNamespaces'),
    deleteLeftoverNamespace: unused('deleteLeftoverNamespace'),
  };
}

/**
 * Starts a test backend with the real store-platform plugin (in-memory
 * SQLite, the events bus) and the given extra features, e.g. this module.
 */
export async function startStorePlatform(
  features: BackendFeature[] = [],
  options: Parameters<typeof startTestBackend>[0] = {},
) {
  return startTestBackend({
    ...options,
    features: [
      createStorePlatformPlugin({ cluster: deletingCluster() }),
      eventsServiceFactory,
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ...features,
    ],
  });
}
