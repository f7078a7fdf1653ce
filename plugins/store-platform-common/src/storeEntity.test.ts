import { STORE_ID_ANNOTATION } from './engines';
import {
  EntityLike,
  platformStoreId,
  storeEntityLocation,
  storeEntityRef,
} from './storeEntity';

function entity(overrides: {
  kind?: string;
  name?: string;
  namespace?: string;
  annotations?: Record<string, string>;
}): EntityLike {
  const location = storeEntityLocation('shop-one');
  return {
    kind: overrides.kind ?? 'Resource',
    metadata: {
      name: overrides.name ?? 'shop-one',
      namespace: overrides.namespace ?? 'default',
      annotations: overrides.annotations ?? {
        [STORE_ID_ANNOTATION]: 'shop-one',
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
      },
    },
  };
}

describe('platformStoreId', () => {
  it('accepts the entity the store-platform provider emits', () => {
    expect(platformStoreId(entity({}))).toBe('shop-one');
    expect(storeEntityRef('shop-one')).toBe('resource:default/shop-one');
  });

  it('refuses an entity read from a catalog file that carries the annotation', () => {
    expect(
      platformStoreId(
        entity({
          annotations: {
            [STORE_ID_ANNOTATION]: 'shop-one',
            'backstage.io/managed-by-location':
              'url:https://example.com/catalog-info.yaml',
            'backstage.io/managed-by-origin-location':
              'url:https://example.com/catalog-info.yaml',
          },
        }),
      ),
    ).toBeUndefined();
  });

  it('refuses a look-alike whose origin differs, or that points at another store', () => {
    const location = storeEntityLocation('shop-one');
    expect(
      platformStoreId(
        entity({
          annotations: {
            [STORE_ID_ANNOTATION]: 'shop-one',
            'backstage.io/managed-by-location': location,
            'backstage.io/managed-by-origin-location': 'file:/tmp/x.yaml',
          },
        }),
      ),
    ).toBeUndefined();
    expect(platformStoreId(entity({ name: 'other-shop' }))).toBeUndefined();
    expect(platformStoreId(entity({ kind: 'Component' }))).toBeUndefined();
    expect(platformStoreId(entity({ namespace: 'team-b' }))).toBeUndefined();
    expect(platformStoreId(entity({ annotations: {} }))).toBeUndefined();
  });
});
