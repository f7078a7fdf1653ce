import { createRoutableExtension } from '@backstage/core-plugin-api';
import { createDevApp } from '@backstage/dev-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityStoreCard,
  STORE_ID_ANNOTATION,
  storePlatformApiRef,
  storePlatformPlugin,
  StoresPage,
} from '../src';
import { InMemoryStorePlatformApi } from './InMemoryStorePlatformApi';

const storeEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'corner-shop',
    annotations: { [STORE_ID_ANNOTATION]: 'corner-shop' },
  },
  spec: { type: 'woocommerce-store', owner: 'group:default/store-owners' },
};

// The stores page links to entity pages; in the real app the catalog plugin
// mounts them, here a placeholder does, so the links have somewhere to go.
const DevEntityPage = storePlatformPlugin.provide(
  createRoutableExtension({
    name: 'DevEntityPage',
    component: async () => () => <p>The catalog entity page goes here.</p>,
    mountPoint: entityRouteRef,
  }),
);

createDevApp()
  .registerPlugin(storePlatformPlugin)
  .registerApi({
    api: storePlatformApiRef,
    deps: {},
    factory: () => new InMemoryStorePlatformApi(),
  })
  .registerApi({
    api: catalogApiRef,
    deps: {},
    // Only what the stores page asks: no entities, so no links.
    factory: () => ({ getEntities: async () => ({ items: [] }) } as any),
  })
  .addPage({ element: <StoresPage />, title: 'Stores', path: '/stores' })
  .addPage({
    element: <DevEntityPage />,
    path: '/catalog/:namespace/:kind/:name',
  })
  .addPage({
    element: (
      <EntityProvider entity={storeEntity}>
        <EntityStoreCard pollIntervalMs={1000} />
      </EntityProvider>
    ),
    title: 'Store card',
    path: '/store-card',
  })
  .render();
