/** Store engines. WooCommerce is provisioned for real; Medusa is a stub that fails clearly. */
export const STORE_ENGINES = ['woocommerce', 'medusa'] as const;
export type StoreEngine = (typeof STORE_ENGINES)[number];

/** Size presets: they set the namespace's ResourceQuota and LimitRange. */
export const STORE_SIZES = ['small', 'medium', 'large'] as const;
export type StoreSize = (typeof STORE_SIZES)[number];

/** The catalog `spec.type` of a store entity, per engine. */
export function storeEntityType(engine: StoreEngine): string {
  return `${engine}-store`;
}

/** Annotation on a store's catalog entity (and label on its Kubernetes objects): the store id. */
export const STORE_ID_ANNOTATION = 'store-platform.io/store-id';
