import { Entity } from '@backstage/catalog-model';

import { STORE_ID_ANNOTATION } from '@internal/plugin-store-platform-common';

/** Annotation that links a catalog entity to its store (value: the store id). */
export { STORE_ID_ANNOTATION };

/** The store id an entity points at, if any. */
export function getStoreId(entity: Entity): string | undefined {
  const value = entity.metadata.annotations?.[STORE_ID_ANNOTATION]?.trim();
  return value ? value : undefined;
}

/** For `EntitySwitch`: a `kind: Resource` entity that names a store. */
export function isStoreEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    getStoreId(entity) !== undefined
  );
}
