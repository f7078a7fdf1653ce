import { Entity } from '@backstage/catalog-model';
import { getStoreId, isStoreEntity, STORE_ID_ANNOTATION } from './entity';

function entity(kind: string, annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'shop', annotations },
  };
}

describe('isStoreEntity', () => {
  it('accepts a Resource carrying the store id annotation, whatever the kind casing', () => {
    expect(
      isStoreEntity(entity('Resource', { [STORE_ID_ANNOTATION]: 'shop' })),
    ).toBe(true);
    expect(
      isStoreEntity(entity('resource', { [STORE_ID_ANNOTATION]: 'shop' })),
    ).toBe(true);
  });

  it('rejects other kinds and resources without (or with a blank) annotation', () => {
    expect(
      isStoreEntity(entity('Component', { [STORE_ID_ANNOTATION]: 'shop' })),
    ).toBe(false);
    expect(isStoreEntity(entity('Resource'))).toBe(false);
    expect(
      isStoreEntity(entity('Resource', { [STORE_ID_ANNOTATION]: '  ' })),
    ).toBe(false);
  });
});

describe('getStoreId', () => {
  it('reads the annotation, trimmed', () => {
    expect(
      getStoreId(entity('Resource', { [STORE_ID_ANNOTATION]: ' shop ' })),
    ).toBe('shop');
    expect(getStoreId(entity('Resource'))).toBeUndefined();
  });
});
