import { STORE_ID_ANNOTATION } from '@internal/plugin-store-platform-common';

/** Components of a store, the value of `app.kubernetes.io/component`. */
export type StoreComponent =
  | 'namespace'
  | 'database'
  | 'storefront'
  | 'ingress'
  | 'bootstrap'
  | 'policy'
  | 'credentials';

export const PART_OF = 'store-platform';
export const MANAGED_BY = 'store-platform';
/** The store id, as a label on every object (the same key as the catalog annotation). */
export const STORE_ID_LABEL = STORE_ID_ANNOTATION;
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** Labels on every store object: recommended labels, store id, Backstage Kubernetes id. */
export function storeLabels(
  storeId: string,
  component: StoreComponent,
  name: string,
): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': storeId,
    [COMPONENT_LABEL]: component,
    'app.kubernetes.io/part-of': PART_OF,
    [MANAGED_BY_LABEL]: MANAGED_BY,
    [STORE_ID_LABEL]: storeId,
    [KUBERNETES_ID_LABEL]: storeId,
  };
}

/** Selects the pods of one component of one store (stable across upgrades). */
export function componentSelector(
  storeId: string,
  component: StoreComponent,
): Record<string, string> {
  return {
    'app.kubernetes.io/instance': storeId,
    [COMPONENT_LABEL]: component,
  };
}
