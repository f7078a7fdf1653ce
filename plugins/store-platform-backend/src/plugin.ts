import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  storeClusterUsePermission,
  storePermissions,
  STORE_PLATFORM_PLUGIN_ID,
} from '@store-platform/plugin-store-platform-common';
import { StoreClusterOps } from './cluster/StoreClusterOps';
import { readStoreClusters } from '@store-platform/plugin-store-platform-node';
import { loadStoreClusters } from './cluster/loadStoreCluster';
import { migrateStoreDatabase } from './database/migrate';
import { StoreDatabase } from './database/StoreDatabase';
import { readDeletionTimings } from './deletion/deletionConfig';
import { DeletionWorker } from './deletion/DeletionWorker';
import { newReplicaId } from './deletion/replicaId';
import { eventsStoreChangePublisher } from './events/storeChanges';
import { publishToAll, signalsStoreLiveSignals } from './events/storeSignals';
import { readLiveHeartbeatMs } from './events/liveUpdatesConfig';
import { LeftoverNamespaceSweep } from './leftovers/LeftoverNamespaceSweep';
import { readLeftoverSweepIntervalMs } from './leftovers/leftoverSweepConfig';
import { isStoreOwner, storePermissionResourceRef } from './permissions/rules';
import {
  isClusterOpenTo,
  storeClusterPermissionResourceRef,
} from './permissions/clusterRules';
import { StoreReconciler } from './reconciler/StoreReconciler';
import { createRouter } from './service/router';
import { createCredentialsRouter } from './service/credentialsRouter';
import { createClusterReadingsRouter } from './service/clusterReadingsRouter';
import { createClustersRouter } from './service/clustersRouter';
import { storesPerCluster } from './database/storesPerCluster';
import { createOperationsRouter } from './service/operationsRouter';
import { configuredImages } from './service/upgradeAvailable';
import { reservedStoreIds } from './service/reservedIds';
import { StoreService } from './service/StoreService';
import { storeUrlFromConfig } from './storeUrl';

/**
 * Options of {@link createStorePlatformPlugin}.
 *
 * @public
 */
export interface StorePlatformPluginOptions {
  /**
   * The cluster operations to use instead of the node library's (tests pass a
   * fake); `null` runs without a cluster.
   */
  cluster?: StoreClusterOps | null;
}

const DEFAULT_STUCK_MINUTES = 30;
const DEFAULT_RECONCILE_SECONDS = 30;
const DEFAULT_RECONCILE_TIMEOUT_SECONDS = 300;
const DEFAULT_DELETE_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_CLUSTER_PROBE_SECONDS = 10;

/**
 * Builds the plugin; `storePlatformPlugin` is the one wired into the backend.
 *
 * @public
 */
export function createStorePlatformPlugin(
  options: StorePlatformPluginOptions = {},
) {
  return createBackendPlugin({
    pluginId: STORE_PLATFORM_PLUGIN_ID,
    register(env) {
      env.registerInit({
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          database: coreServices.database,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          auditor: coreServices.auditor,
          permissions: coreServices.permissions,
          permissionsRegistry: coreServices.permissionsRegistry,
          userInfo: coreServices.userInfo,
          scheduler: coreServices.scheduler,
          lifecycle: coreServices.lifecycle,
          events: eventsServiceRef,
          signals: signalsServiceRef,
        },
        async init(deps) {
          const { config, logger, database, scheduler, lifecycle } = deps;
          const knex = await database.getClient();
          if (!database.migrations?.skip) await migrateStoreDatabase(knex);
          const db = new StoreDatabase(knex);

          deps.permissionsRegistry.addResourceType({
            resourceRef: storePermissionResourceRef,
            permissions: storePermissions,
            rules: [isStoreOwner],
            getResources: ids => db.findMany(ids),
          });

          // Each store's cluster operations go to its own cluster (its row says which).
          const clusters =
            options.cluster === undefined
              ? loadStoreClusters(
                  config,
                  logger,
                  async id => (await db.get(id)).cluster ?? 'default',
                )
              : undefined;
          const cluster =
            options.cluster === null
              ? undefined
              : options.cluster ?? clusters?.routed();
          const clusterDefinitions =
            clusters?.definitions ?? readStoreClusters(config);
          deps.permissionsRegistry.addResourceType({
            resourceRef: storeClusterPermissionResourceRef,
            permissions: [storeClusterUsePermission],
            rules: [isClusterOpenTo],
            getResources: async names =>
              names.map(n => clusterDefinitions.find(c => c.name === n)),
          });
          if (clusters) {
            // On every replica: each says what it sees, and a recovery shows at once.
            await clusters.probeAll();
            await scheduler.scheduleTask({
              id: 'store-platform-cluster-health',
              scope: 'local',
              frequency: {
                seconds:
                  config.getOptionalNumber(
                    'storePlatform.clusterHealth.intervalSeconds',
                  ) ?? DEFAULT_CLUSTER_PROBE_SECONDS,
              },
              timeout: { minutes: 1 },
              initialDelay: { seconds: 0 },
              fn: () => clusters.probeAll(),
            });
          }
          // Every change goes to the catalog (events topic) and to browsers (Signals).
          const live = signalsStoreLiveSignals(deps.signals, {
            onRepeatFailed: error =>
              logger.warn(`Could not repeat a store change signal: ${error}`),
          });
          const service = new StoreService(
            db,
            publishToAll(eventsStoreChangePublisher(deps.events), live),
            logger,
            live,
          );
          // On every replica: a browser takes the channel for live while beats arrive.
          const heartbeatMs = readLiveHeartbeatMs(config);
          await scheduler.scheduleTask({
            id: 'store-platform-live-heartbeat',
            scope: 'local',
            frequency: { milliseconds: heartbeatMs },
            timeout: { seconds: 30 },
            initialDelay: { seconds: 0 },
            fn: () => live.heartbeat(heartbeatMs),
          });
          const deletionTimings = readDeletionTimings(config);
          const deletions = new DeletionWorker({
            service,
            cluster,
            logger,
            replica: newReplicaId(),
            timings: deletionTimings,
            timeoutMs:
              config.getOptionalNumber(
                'storePlatform.provisioning.timeouts.deleteMs',
              ) ?? DEFAULT_DELETE_TIMEOUT_MS,
          });
          lifecycle.addShutdownHook(() => deletions.stop());
          // On every replica (scope local): the claims, not the scheduler,
          // keep one deletion on one replica, and a sweep that does not wait
          // for another replica's scheduler lease resumes a dead one's sooner.
          await scheduler.scheduleTask({
            id: 'store-platform-deletion-sweep',
            scope: 'local',
            frequency: { milliseconds: deletionTimings.sweepMs },
            timeout: { minutes: 1 },
            initialDelay: { seconds: 0 },
            fn: async () => {
              const taken = await deletions.sweep();
              if (taken.length > 0) {
                logger.info(`Resumed deletions of stores ${taken.join(', ')}`);
              }
            },
          });

          const reconciler = new StoreReconciler({
            service,
            cluster,
            logger,
            clusterHealth: clusters,
            stuckAfterMs:
              (config.getOptionalNumber(
                'storePlatform.reconciler.stuckAfterMinutes',
              ) ?? DEFAULT_STUCK_MINUTES) * 60_000,
          });
          await scheduler.scheduleTask({
            id: 'store-platform-reconciler',
            scope: 'global',
            frequency: {
              seconds:
                config.getOptionalNumber(
                  'storePlatform.reconciler.intervalSeconds',
                ) ?? DEFAULT_RECONCILE_SECONDS,
            },
            // A replica killed mid-run holds the run until this passes (plus
            // the scheduler janitor's minute); then another replica runs it.
            timeout: {
              seconds:
                config.getOptionalNumber(
                  'storePlatform.reconciler.timeoutSeconds',
                ) ?? DEFAULT_RECONCILE_TIMEOUT_SECONDS,
            },
            initialDelay: { seconds: 0 },
            fn: async () => {
              const report = await reconciler.reconcile();
              logger.debug('Reconciled stores', { ...report });
            },
          });

          if (cluster) {
            const leftovers = new LeftoverNamespaceSweep({
              db,
              cluster,
              logger,
            });
            // One replica at a time: two sweeps would race to delete the same namespace.
            await scheduler.scheduleTask({
              id: 'store-platform-leftover-sweep',
              scope: 'global',
              frequency: { milliseconds: readLeftoverSweepIntervalMs(config) },
              timeout: { minutes: 5 },
              initialDelay: { seconds: 0 },
              fn: async () => {
                await leftovers.sweep();
              },
            });
          }

          deps.httpRouter.use(
            await createRouter({
              service,
              deletions,
              httpAuth: deps.httpAuth,
              permissions: deps.permissions,
              permissionsRegistry: deps.permissionsRegistry,
              userInfo: deps.userInfo,
              storeUrl: storeUrlFromConfig(config),
              reservedIds: reservedStoreIds(config),
              configuredImages: configuredImages(config),
              clusters: clusterDefinitions,
              clusterHealth: clusters,
            }),
          );
          deps.httpRouter.use(
            await createClustersRouter({
              clusters: clusterDefinitions,
              clusterHealth: clusters,
              permissions: deps.permissions,
              permissionsRegistry: deps.permissionsRegistry,
              countStores: () => storesPerCluster(knex),
              httpAuth: deps.httpAuth,
            }),
          );
          deps.httpRouter.use(
            await createOperationsRouter({
              service,
              httpAuth: deps.httpAuth,
              permissions: deps.permissions,
            }),
          );
          deps.httpRouter.use(
            await createCredentialsRouter({
              db,
              cluster,
              httpAuth: deps.httpAuth,
              permissions: deps.permissions,
              auditor: deps.auditor,
            }),
          );
          deps.httpRouter.use(
            await createClusterReadingsRouter({
              db,
              cluster,
              httpAuth: deps.httpAuth,
              permissions: deps.permissions,
            }),
          );
        },
      });
    },
  });
}

/**
 * The store-platform backend plugin: registry, API, reconciler.
 *
 * @public
 */
export const storePlatformPlugin = createStorePlatformPlugin();
