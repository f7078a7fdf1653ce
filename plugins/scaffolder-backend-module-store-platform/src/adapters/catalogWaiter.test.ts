import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  STORE_ID_ANNOTATION,
  storeEntityLocation,
} from '@store-platform/plugin-store-platform-common';
import { catalogWaiter } from './catalogWaiter';

function storeEntity(storeId: string, location: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: storeId,
      namespace: 'default',
      annotations: {
        [STORE_ID_ANNOTATION]: storeId,
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
      },
    },
    spec: { type: 'woocommerce-store', owner: 'group:default/team-a' },
  };
}

const options = {
  signal: new AbortController().signal,
  progress: () => {},
};

describe('catalogWaiter', () => {
  it("resolves once the store-platform provider's entity is in the catalog", async () => {
    const waiter = catalogWaiter({
      catalog: catalogServiceMock({
        entities: [storeEntity('shop-one', storeEntityLocation('shop-one'))],
      }),
      auth: mockServices.auth(),
      timeoutMs: 2_000,
    });
    await expect(waiter.waitForStoreEntity('shop-one', options)).resolves.toBe(
      'resource:default/shop-one',
    );
  });

  it('does not take an entity of the same name registered from a catalog file', async () => {
    const waiter = catalogWaiter({
      catalog: catalogServiceMock({
        entities: [
          storeEntity('shop-one', 'url:https://example.com/catalog-info.yaml'),
        ],
      }),
      auth: mockServices.auth(),
      timeoutMs: 1_500,
    });
    await expect(
      waiter.waitForStoreEntity('shop-one', options),
    ).rejects.toThrow(/did not appear in the catalog/);
  });
});
