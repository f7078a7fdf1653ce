import { mockServices } from '@backstage/backend-test-utils';
import { DiscoveryService } from '@backstage/backend-plugin-api';
import { MAX_PAGE_SIZE } from '@store-platform/plugin-store-platform-common';
import request from 'supertest';
import { FakeEntityProviderConnection } from '../__testUtils__/FakeEntityProviderConnection';
import { fetchThroughServer } from '../__testUtils__/fetchThroughServer';
import { startStorePlatform } from '../__testUtils__/startStorePlatform';
import { apiStoreSource } from './apiStoreSource';
import { StoreEntityProvider } from './StoreEntityProvider';

// More than two full pages, and not a multiple of the page size.
const STORE_COUNT = 2 * MAX_PAGE_SIZE + 37;

const discovery: DiscoveryService = {
  getBaseUrl: async pluginId => `http://backend.test/api/${pluginId}`,
  getExternalBaseUrl: async pluginId => `http://backend.test/api/${pluginId}`,
};

describe('apiStoreSource against the real router', () => {
  let server: Awaited<ReturnType<typeof startStorePlatform>>['server'];
  const ids = Array.from(
    { length: STORE_COUNT },
    (_, i) => `shop-${String(i).padStart(3, '0')}`,
  );

  beforeAll(async () => {
    ({ server } = await startStorePlatform());
    // As the scaffolder would register them; the mock auth accepts its token.
    const scaffolder = mockServices.auth({ pluginId: 'scaffolder' });
    const { token } = await scaffolder.getPluginRequestToken({
      onBehalfOf: await scaffolder.getOwnServiceCredentials(),
      targetPluginId: 'store-platform',
    });
    for (const id of ids) {
      const res = await request(server)
        .post('/api/store-platform/stores')
        .set('Authorization', `Bearer ${token}`)
        .send({ id, engine: 'woocommerce', owner: 'group:shop-team' });
      if (res.status !== 201) {
        throw new Error(`seeding ${id}: ${res.status} ${res.text}`);
      }
    }
  }, 60_000);

  const source = () =>
    apiStoreSource({
      discovery,
      auth: mockServices.auth({ pluginId: 'catalog' }),
      fetch: fetchThroughServer(server),
    });

  it(`reads all ${STORE_COUNT} stores, beyond the largest page of ${MAX_PAGE_SIZE}`, async () => {
    const stores = await source().listAll();
    expect(stores).toHaveLength(STORE_COUNT);
    expect(stores.map(s => s.id).sort()).toEqual(ids);
  });

  it('gives the catalog every store in one full sync', async () => {
    const provider = new StoreEntityProvider(
      source(),
      mockServices.logger.mock(),
    );
    const connection = new FakeEntityProviderConnection();
    await provider.connect(connection);
    await provider.fullSync();
    const mutation = connection.last!;
    if (mutation.type !== 'full') throw new Error('expected a full mutation');
    expect(mutation.entities.map(e => e.entity.metadata.name).sort()).toEqual(
      ids,
    );
  });

  it('fails the sync, rather than emptying the catalog, when the API refuses', async () => {
    const refusing = apiStoreSource({
      discovery,
      auth: mockServices.auth({ pluginId: 'catalog' }),
      fetch: async () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'nope' },
            request: { method: 'GET', url: '/stores' },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ),
    });
    const provider = new StoreEntityProvider(
      refusing,
      mockServices.logger.mock(),
    );
    const connection = new FakeEntityProviderConnection();
    await provider.connect(connection);
    await expect(provider.fullSync()).rejects.toThrow();
    expect(connection.mutations).toEqual([]);
  });
});
