import { STORE_ID_ANNOTATION } from './engines';

/**
 * What the store-platform catalog provider says its entities come from. The
 * catalog overwrites these location annotations on every entity it reads
 * from a location (a YAML file, a URL), so only an entity provider can set
 * them: they tell the platform's own store entities from look-alikes.
 *
 * @public
 */
export const STORE_ENTITY_LOCATION_KEY = 'store-platform:stores';

const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';
const MANAGED_BY_ORIGIN_LOCATION = 'backstage.io/managed-by-origin-location';

/**
 * The location annotation value of a store's entity: type `store-platform`,
 * target `stores/<id>`. Not a `url:` location on purpose: the catalog turns a
 * `url:` location into `backstage.io/view-url` (and offers a refresh from the
 * About card), which would point the browser at a target that is no URL.
 * Nothing links to a location of this type.
 *
 * @public
 */
export function storeEntityLocation(storeId: string): string {
  return `${STORE_ENTITY_LOCATION_KEY}/${storeId}`;
}

/**
 * The catalog ref of a store's entity.
 *
 * @public
 */
export function storeEntityRef(storeId: string): string {
  return `resource:default/${storeId}`;
}

/**
 * As much of a catalog entity as the check needs.
 *
 * @public
 */
export interface EntityLike {
  /** The entity's kind, e.g. `Resource`. */
  kind: string;
  /** The entity's name, namespace and annotations. */
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
}

/**
 * The id of the store an entity stands for, only when the store-platform
 * provider emitted it: a `Resource` named after the store whose location
 * annotations are the provider's. Anyone can register an entity carrying the
 * store-id annotation or named `resource:default/<id>`; those get undefined.
 *
 * @public
 */
export function platformStoreId(entity: EntityLike): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const storeId = annotations[STORE_ID_ANNOTATION]?.trim();
  if (!storeId) return undefined;
  const location = storeEntityLocation(storeId);
  const emittedByProvider =
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    (entity.metadata.namespace ?? 'default') === 'default' &&
    entity.metadata.name === storeId &&
    annotations[MANAGED_BY_LOCATION] === location &&
    annotations[MANAGED_BY_ORIGIN_LOCATION] === location;
  return emittedByProvider ? storeId : undefined;
}
