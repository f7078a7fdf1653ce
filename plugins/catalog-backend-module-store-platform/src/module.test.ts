import { mockCredentials } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import request from 'supertest';
import { FakeEntityProviderConnection } from './__testUtils__/FakeEntityProviderConnection';
import { startStorePlatform } from './__testUtils__/startStorePlatform';
import catalogModule from '.';

const api = '/api/store-platform';
const scaffolder = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:scaffolder'),
  targetPluginId: 'store-platform',
});

async function waitFor<T>(find: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  throw new Error('the catalog was not told in time');
}

describe('the catalog module, added as the package default', () => {
  it('follows registrations, transitions and deletions with delta mutations', async () => {
    const providers: EntityProvider[] = [];
    // Added as an app adds it: the package's default export.
    const { server } = await startStorePlatform([catalogModule], {
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          { addEntityProvider: (...p: any[]) => providers.push(...p.flat()) },
        ],
      ],
    });
    expect(providers.map(p => p.getProviderName())).toEqual(['store-platform']);
    const connection = new FakeEntityProviderConnection();
    await providers[0].connect(connection);

    // The n-th delta that adds (or updates) the store.
    const nthAdded = (id: string, n: number) =>
      waitFor(
        () =>
          connection.mutations.filter(
            m =>
              m.type === 'delta' &&
              m.added.some(a => a.entity.metadata.name === id),
          )[n - 1],
      );
    const removed = (id: string) =>
      waitFor(() =>
        connection.mutations.find(
          m =>
            m.type === 'delta' &&
            m.removed.some(
              r => 'entityRef' in r && r.entityRef === `resource:default/${id}`,
            ),
        ),
      );

    const created = await request(server)
      .post(`${api}/stores`)
      .send({ id: 'live-shop', engine: 'woocommerce', owner: 'group:shop' });
    expect(created.status).toBe(201);
    expect(await nthAdded('live-shop', 1)).toMatchObject({
      type: 'delta',
      added: [
        {
          entity: {
            kind: 'Resource',
            metadata: { name: 'live-shop' },
            spec: { type: 'woocommerce-store', owner: 'group:default/shop' },
          },
        },
      ],
      removed: [],
    });

    const started = await request(server)
      .post(`${api}/stores/live-shop/status`)
      .set('Authorization', scaffolder)
      .send({ status: 'provisioning' });
    expect(started.status).toBe(200);
    expect(await nthAdded('live-shop', 2)).toMatchObject({ type: 'delta' });

    const deleted = await request(server).delete(`${api}/stores/live-shop`);
    expect(deleted.status).toBe(202);
    expect(await removed('live-shop')).toEqual({
      type: 'delta',
      added: [],
      removed: [
        {
          entityRef: 'resource:default/live-shop',
          locationKey: 'store-platform:stores',
        },
      ],
    });
  });
});
