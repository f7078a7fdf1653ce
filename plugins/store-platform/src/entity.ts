import { Entity } from '@backstage/catalog-model';

import {
  platformStoreId,
  STORE_ID_ANNOTATION,
} from '@store-platform/plugin-store-platform-common';

/** Annotation that links a catalog entity to its store (value: the store id). */
export { STORE_ID_ANNOTATION };

/**
 * The store id an entity stands for, only when the store-platform catalog
 * provider emitted it: an entity from anywhere else that carries the
 * annotation, or the name, of a store is not that store.
 *
 * @public
 */
export function getStoreId(entity: Entity): string | undefined {
  return platformStoreId(entity);
}

/**
 * For `EntitySwitch`: a store entity emitted by the store-platform provider.
 *
 * @public
 */
export function isStoreEntity(entity: Entity): boolean {
  return getStoreId(entity) !== undefined;
}
