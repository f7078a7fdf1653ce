import { Entity } from '@backstage/catalog-model';
import { storeEntityLocation } from '@store-platform/plugin-store-platform-common';
import { getStoreId, isStoreEntity, STORE_ID_ANNOTATION } from './entity';

function entity(
  kind: string,
  annotations?: Record<string, string>,
  name = 'shop',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
  };
}

/** The annotations the store-platform provider gives a store's entity. */
const fromProvider = (storeId: string) => ({
  [STORE_ID_ANNOTATION]: storeId,
  'backstage.io/managed-by-location': storeEntityLocation(storeId),
  'backstage.io/managed-by-origin-location': storeEntityLocation(storeId),
});

describe('isStoreEntity', () => {
  it("accepts the provider's Resource, whatever the kind casing", () => {
    expect(isStoreEntity(entity('Resource', fromProvider('shop')))).toBe(true);
    expect(isStoreEntity(entity('resource', fromProvider('shop')))).toBe(true);
  });

  it('rejects other kinds, resources without the annotation, and look-alikes from catalog files', () => {
    expect(isStoreEntity(entity('Component', fromProvider('shop')))).toBe(
      false,
    );
    expect(isStoreEntity(entity('Resource'))).toBe(false);
    expect(
      isStoreEntity(entity('Resource', { [STORE_ID_ANNOTATION]: 'shop' })),
    ).toBe(false);
    // Named after one store, pointing at another.
    expect(
      isStoreEntity(entity('Resource', fromProvider('shop'), 'other-shop')),
    ).toBe(false);
  });
});

describe('getStoreId', () => {
  it("reads the store id of the provider's entity only", () => {
    expect(getStoreId(entity('Resource', fromProvider('shop')))).toBe('shop');
    expect(getStoreId(entity('Resource'))).toBeUndefined();
    expect(
      getStoreId(entity('Resource', { [STORE_ID_ANNOTATION]: 'shop' })),
    ).toBeUndefined();
  });
});
