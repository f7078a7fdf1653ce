/**
 * Store engines. WooCommerce is provisioned for real; Medusa is a stub that fails clearly.
 *
 * @public
 */
export const STORE_ENGINES = ['woocommerce', 'medusa'] as const;
/**
 * One of {@link STORE_ENGINES}.
 *
 * @public
 */
export type StoreEngine = (typeof STORE_ENGINES)[number];

/**
 * Size presets: they set the namespace's ResourceQuota and LimitRange.
 *
 * @public
 */
export const STORE_SIZES = ['small', 'medium', 'large'] as const;
/**
 * One of {@link STORE_SIZES}.
 *
 * @public
 */
export type StoreSize = (typeof STORE_SIZES)[number];

/**
 * The catalog `spec.type` of a store entity, per engine.
 *
 * @public
 */
export function storeEntityType(engine: StoreEngine): string {
  return `${engine}-store`;
}

/**
 * Annotation on a store's catalog entity (and label on its Kubernetes objects): the store id.
 *
 * @public
 */
export const STORE_ID_ANNOTATION = 'store-platform.io/store-id';
