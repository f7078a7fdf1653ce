import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  Store,
  STORE_ENTITY_LOCATION_KEY,
  STORE_ID_ANNOTATION,
  storeEntityLocation,
  storeEntityType,
} from '@store-platform/plugin-store-platform-common';

/** The stock Kubernetes plugin finds a store's objects by this label and annotation. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';
/** Tells the Kubernetes tab which of its clusters to ask: the store's own (same name as in storePlatform.clusters). */
export const KUBERNETES_CLUSTER_ANNOTATION = 'backstage.io/kubernetes-cluster';
/** The provider's location key; entity annotations point below it. */
export const STORE_LOCATION = STORE_ENTITY_LOCATION_KEY;

/** The admin UI of a store's engine, below its storefront URL. */
function adminUrl(store: Store): string {
  const base = store.url.replace(/\/+$/, '');
  return store.engine === 'woocommerce' ? `${base}/wp-admin/` : `${base}/app/`;
}

/** The catalog's view of a store: a Resource owned by the store's owner. */
export function storeToEntity(store: Store): Entity {
  const location = storeEntityLocation(store.id);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: store.id,
      namespace: 'default',
      title: store.title,
      description: `${store.engine} store in namespace ${store.namespace}`,
      annotations: {
        [STORE_ID_ANNOTATION]: store.id,
        [KUBERNETES_ID_ANNOTATION]: store.id,
        [KUBERNETES_NAMESPACE_ANNOTATION]: store.namespace,
        [KUBERNETES_CLUSTER_ANNOTATION]: store.cluster ?? 'default',
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
      links: [
        { url: store.url, title: 'Storefront', icon: 'web' },
        { url: adminUrl(store), title: 'Store admin', icon: 'dashboard' },
      ],
    },
    spec: {
      type: storeEntityType(store.engine),
      owner: store.owner,
    },
  };
}

export { storeEntityRef } from '@store-platform/plugin-store-platform-common';
