import {
  FieldFormatEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Store } from '@store-platform/plugin-store-platform-common';
import { storeEntityRef, storeToEntity } from './storeToEntity';

const woo: Store = {
  id: 'shop-one',
  title: 'Shop One',
  engine: 'woocommerce',
  owner: 'group:default/shop-team',
  size: 'small',
  namespace: 'store-shop-one',
  url: 'http://shop-one.localhost',
  status: 'ready',
  createdAt: '2025-06-01T10:00:00.000Z',
  updatedAt: '2025-06-01T10:05:00.000Z',
};

describe('storeToEntity', () => {
  it('makes a WooCommerce store a Resource owned by the store owner', () => {
    const entity = storeToEntity(woo);
    expect(entity).toMatchObject({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'shop-one', namespace: 'default', title: 'Shop One' },
      spec: { type: 'woocommerce-store', owner: 'group:default/shop-team' },
    });
  });

  it('annotates the store id, its Kubernetes objects and the provider location', () => {
    expect(storeToEntity(woo).metadata.annotations).toEqual({
      'store-platform.io/store-id': 'shop-one',
      'backstage.io/kubernetes-id': 'shop-one',
      'backstage.io/kubernetes-namespace': 'store-shop-one',
      'backstage.io/kubernetes-cluster': 'default',
      'backstage.io/managed-by-location': 'store-platform:stores/shop-one',
      'backstage.io/managed-by-origin-location':
        'store-platform:stores/shop-one',
    });
  });

  it("names the store's own cluster for the Kubernetes tab", () => {
    expect(
      storeToEntity({ ...woo, cluster: 'eu-west' }).metadata.annotations?.[
        'backstage.io/kubernetes-cluster'
      ],
    ).toBe('eu-west');
  });

  it('links to the storefront and the WordPress admin', () => {
    expect(storeToEntity(woo).metadata.links).toEqual([
      { url: 'http://shop-one.localhost', title: 'Storefront', icon: 'web' },
      {
        url: 'http://shop-one.localhost/wp-admin/',
        title: 'Store admin',
        icon: 'dashboard',
      },
    ]);
  });

  it('does not double the slash when the URL ends with one', () => {
    const links = storeToEntity({
      ...woo,
      url: 'https://shop-one.example.com/',
    }).metadata.links!;
    expect(links[1].url).toBe('https://shop-one.example.com/wp-admin/');
  });

  it('gives a Medusa store its own type and admin path', () => {
    const entity = storeToEntity({
      ...woo,
      id: 'med-shop',
      engine: 'medusa',
      namespace: 'store-med-shop',
      url: 'http://med-shop.localhost',
    });
    expect(entity.spec?.type).toBe('medusa-store');
    expect(entity.metadata.links![1].url).toBe(
      'http://med-shop.localhost/app/',
    );
    expect(
      entity.metadata.annotations!['backstage.io/kubernetes-namespace'],
    ).toBe('store-med-shop');
  });

  it('names the entity so that its ref is the one deletions remove', () => {
    expect(stringifyEntityRef(storeToEntity(woo))).toBe(
      storeEntityRef('shop-one'),
    );
  });

  it('is an entity the catalog accepts, even with the longest title', async () => {
    const entity = storeToEntity({ ...woo, title: 'T'.repeat(100) });
    await expect(resourceEntityV1alpha1Validator.check(entity)).resolves.toBe(
      true,
    );
    await expect(
      new SchemaValidEntityPolicy().enforce(entity),
    ).resolves.toBeDefined();
    await expect(
      new FieldFormatEntityPolicy().enforce(entity),
    ).resolves.toBeDefined();
  });
});
