import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { storePlatformApiRef, StorePlatformClient } from './api';
import { StoreIdField, validateStoreId } from './components/StoreIdField';
import { StoreClusterField } from './components/StoreClusterField';
import { rootRouteRef, taskPageRouteRef, templateFormRouteRef } from './routes';
import type { EntityStoreCardProps } from './components/EntityStoreCard';
import type { StoresPageProps } from './components/StoresPage';

/**
 * The Store Platform plugin for the legacy frontend system (the new one: `/alpha`).
 *
 * @public
 */
export const storePlatformPlugin = createPlugin({
  id: 'store-platform',
  apis: [
    createApiFactory({
      api: storePlatformApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new StorePlatformClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
  externalRoutes: {
    templateForm: templateFormRouteRef,
    taskPage: taskPageRouteRef,
  },
});

/** The stores page: every store, with a status filter. @public */
export const StoresPage: (props?: StoresPageProps) => JSX.Element =
  storePlatformPlugin.provide(
    createRoutableExtension({
      name: 'StoresPage',
      component: () =>
        import('./components/StoresPage').then(m => m.StoresPage),
      mountPoint: rootRouteRef,
    }),
  );

/** The store card for a store entity's overview. @public */
export const EntityStoreCard: (props: EntityStoreCardProps) => JSX.Element =
  storePlatformPlugin.provide(
    createComponentExtension({
      name: 'EntityStoreCard',
      component: {
        lazy: () =>
          import('./components/EntityStoreCard').then(m => m.EntityStoreCard),
      },
    }),
  );

/**
 * The store id field of the store form (`ui:field: StoreId`): refuses ids
 * that break the rule, are reserved for the platform, or are taken, before
 * the task starts. Add it inside `<ScaffolderFieldExtensions>`. @public
 */
export const StoreIdFieldExtension = storePlatformPlugin.provide(
  createScaffolderFieldExtension({
    name: 'StoreId',
    component: StoreIdField,
    validation: validateStoreId,
  }),
);

/**
 * The cluster field of the store form (`ui:field: StoreCluster`): the
 * configured clusters with their load, or automatic placement. Add it inside
 * `<ScaffolderFieldExtensions>`. @public
 */
export const StoreClusterFieldExtension = storePlatformPlugin.provide(
  createScaffolderFieldExtension({
    name: 'StoreCluster',
    component: StoreClusterField,
  }),
);
