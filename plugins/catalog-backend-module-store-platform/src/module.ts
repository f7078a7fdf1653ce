import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  isStoreChange,
  STORE_CHANGES_TOPIC,
} from '@store-platform/plugin-store-platform-common';
import { apiStoreSource } from './providers/apiStoreSource';
import { StoreEntityProvider } from './providers/StoreEntityProvider';

/**
 * Catalog module that puts every store of the store-platform backend plugin
 * in the catalog as a `Resource`. Deltas come from the events bus; a full
 * sync runs at start-up and then every `storePlatform.catalog.fullSyncMinutes`
 * (default 5) on one replica.
 *
 * @public
 */
export const catalogModuleStoreEntityProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'store-platform-entity-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
        events: eventsServiceRef,
      },
      async init({
        catalog,
        config,
        discovery,
        auth,
        scheduler,
        logger,
        events,
      }) {
        const provider = new StoreEntityProvider(
          apiStoreSource({ discovery, auth }),
          logger,
        );
        catalog.addEntityProvider(provider);

        await events.subscribe({
          id: 'store-platform-entity-provider',
          topics: [STORE_CHANGES_TOPIC],
          async onEvent({ eventPayload }) {
            if (isStoreChange(eventPayload)) {
              await provider.applyChange(eventPayload);
            }
          },
        });

        const minutes =
          config.getOptionalNumber('storePlatform.catalog.fullSyncMinutes') ??
          5;
        await scheduler.scheduleTask({
          id: 'store-platform-entity-provider:full-sync',
          frequency: { minutes },
          timeout: { minutes: Math.max(minutes, 2) },
          initialDelay: { seconds: 10 },
          fn: async () => {
            await provider.fullSync();
          },
        });
      },
    });
  },
});
