import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { StoreStatusClient } from '@store-platform/plugin-store-platform-node';
import {
  createDeleteStoreAction,
  createProvisionStoreAction,
  createRegisterStoreAction,
  createRetryStoreAction,
  createTransferStoreAction,
  createBackupStoreAction,
  createRestoreStoreAction,
  createSuspendStoreAction,
  createResumeStoreAction,
  createResizeStoreAction,
  createUpgradeStoreAction,
} from './actions';
import { catalogOwners } from './adapters/catalogOwners';
import { catalogWaiter } from './adapters/catalogWaiter';
import { KubernetesStoreProvisioner } from './adapters/kubernetesProvisioner';
import { KubernetesStoreOwnerAnnotator } from './adapters/kubernetesTransfer';
import { KubernetesStoreBackups } from './adapters/kubernetesBackups';
import { KubernetesStoreScaling } from './adapters/kubernetesScaling';
import { storeRegistryFrom } from './adapters/storeRegistry';
import { StoreKubeConfigs } from './adapters/storeKubeConfigs';

/**
 * Adds the `store:*` actions to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleStorePlatform = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'store-platform',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, discovery, auth, catalog }) {
        const registry = storeRegistryFrom(
          new StoreStatusClient({ discovery, auth }),
        );
        // Every adapter works on the store's own cluster, as its registration records it.
        const kube = new StoreKubeConfigs(config, id => registry.get(id));
        const provisioner = new KubernetesStoreProvisioner(config, kube);
        const storeCatalog = catalogWaiter({ catalog, auth });
        const scaling = new KubernetesStoreScaling(config, kube);
        scaffolder.addActions(
          createRegisterStoreAction({ registry }),
          createProvisionStoreAction({
            registry,
            provisioner,
            catalog: storeCatalog,
          }),
          createRetryStoreAction({
            registry,
            provisioner,
            catalog: storeCatalog,
          }),
          createDeleteStoreAction({ registry }),
          createTransferStoreAction({
            registry,
            owners: catalogOwners(catalog),
            cluster: new KubernetesStoreOwnerAnnotator(config, kube),
          }),
          createBackupStoreAction({
            registry,
            backups: new KubernetesStoreBackups(config, kube),
          }),
          createRestoreStoreAction({
            registry,
            restorer: new KubernetesStoreBackups(config, kube),
            provisioner,
            catalog: storeCatalog,
          }),
          createSuspendStoreAction({ registry, cluster: scaling }),
          createResumeStoreAction({ registry, cluster: scaling }),
          createResizeStoreAction({ registry, cluster: scaling }),
          createUpgradeStoreAction({ registry, cluster: scaling }),
        );
      },
    });
  },
});
