import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { FakeStoreCluster } from '../__testUtils__/FakeStoreCluster';
import { startStoreBackend } from '../__testUtils__/startStoreBackend';

const user = mockCredentials.user.header('user:default/alice');
const service = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:scaffolder'),
  targetPluginId: 'store-platform',
});
const api = '/api/store-platform';

const shop = (id: string, more: object = {}) => ({
  id,
  title: id,
  engine: 'woocommerce',
  owner: 'group:shop-team',
  ...more,
});

describe('placement through POST /stores, and GET /clusters', () => {
  let server: Awaited<ReturnType<typeof startStoreBackend>>['server'];

  beforeEach(async () => {
    ({ server } = await startStoreBackend({
      cluster: new FakeStoreCluster(),
      config: {
        storePlatform: {
          clusters: [
            {
              name: 'small',
              kubeconfig: { path: '/nonexistent' },
              labels: { tier: 'gold' },
              capacity: 1,
            },
            { name: 'big', kubeconfig: { path: '/nonexistent' } },
          ],
        },
      },
    }));
  });

  const register = (body: object) =>
    request(server)
      .post(`${api}/stores`)
      .set('Authorization', service)
      .send(body);

  it('places on the named cluster, refuses an unknown or full one with 400 naming cluster, creating nothing', async () => {
    const placed = await register(shop('first-shop', { cluster: 'small' }));
    expect(placed.status).toBe(201);
    expect(placed.body.cluster).toBe('small');

    const full = await register(shop('second-shop', { cluster: 'small' }));
    expect(full.status).toBe(400);
    expect(full.body.error.message).toMatch(
      /cluster: small is full \(capacity 1 stores, 1 placed\)/,
    );
    const unknown = await register(shop('third-shop', { cluster: 'nowhere' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /cluster: "nowhere" is not a configured cluster; choose one of small, big/,
    );
    const badName = await register(shop('fourth-shop', { cluster: 'No_Way' }));
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toMatch(
      /cluster: must be a cluster name/,
    );
    for (const id of ['second-shop', 'third-shop', 'fourth-shop']) {
      expect(
        (
          await request(server)
            .get(`${api}/stores/${id}`)
            .set('Authorization', user)
        ).status,
      ).toBe(404);
    }
  });

  it('places automatically by selector and free capacity', async () => {
    const gold = await register(
      shop('gold-shop', { clusterSelector: { tier: 'gold' } }),
    );
    expect(gold.body.cluster).toBe('small');
    const any = await register(shop('any-shop'));
    expect(any.body.cluster).toBe('big');
    const none = await register(
      shop('gold-two', { clusterSelector: { tier: 'gold' } }),
    );
    expect(none.status).toBe(400);
    expect(none.body.error.message).toMatch(
      /every cluster that may take it is full \(small 1\/1\)/,
    );
  });

  it('lists the clusters with their labels, capacity and load, and nothing of how they are reached', async () => {
    await register(shop('first-shop', { cluster: 'big' }));
    const res = await request(server)
      .get(`${api}/clusters`)
      .set('Authorization', user);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        { name: 'small', labels: { tier: 'gold' }, capacity: 1, stores: 0 },
        { name: 'big', labels: {}, stores: 1 },
      ],
    });
    expect(JSON.stringify(res.body)).not.toContain('nonexistent');
  });
});

describe('clusters restricted to some users (store.cluster.use)', () => {
  /** The decision the reference policy gives a caller whose claims are `claims`. */
  const openTo = (...claims: string[]) => ({
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'store-platform',
    resourceType: 'store-cluster',
    conditions: {
      rule: 'IS_CLUSTER_OPEN_TO',
      resourceType: 'store-cluster',
      params: { claims },
    },
  });

  it("lists and places only on the clusters open to the caller, refusing another's with 403 naming cluster", async () => {
    const { server } = await startStoreBackend({
      cluster: new FakeStoreCluster(),
      permissions: {
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: (async (requests: any[]) =>
          requests.map(r =>
            r.permission.name === 'store.cluster.use'
              ? openTo('user:default/alice', 'group:default/eu-team')
              : { result: AuthorizeResult.ALLOW },
          )) as any,
      },
      config: {
        storePlatform: {
          clusters: [
            { name: 'eu', users: ['group:eu-team'] },
            { name: 'us', users: ['group:default/us-team'] },
            { name: 'shared' },
          ],
        },
      },
    });
    const listed = await request(server)
      .get(`${api}/clusters`)
      .set('Authorization', user);
    expect(listed.body.items.map((c: any) => c.name)).toEqual(['eu', 'shared']);

    const register = (body: object) =>
      request(server)
        .post(`${api}/stores`)
        .set('Authorization', user)
        .send({
          owner: 'user:default/alice',
          engine: 'woocommerce',
          ...body,
        });
    const refused = await register({ id: 'us-shop', cluster: 'us' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'cluster: not allowed to place stores on cluster us; you may use eu, shared',
    );
    expect(
      (
        await request(server)
          .get(`${api}/stores/us-shop`)
          .set('Authorization', user)
      ).status,
    ).toBe(404);
    expect(
      (await register({ id: 'eu-shop', cluster: 'eu' })).body.cluster,
    ).toBe('eu');
    // Automatic placement never picks a cluster the caller may not use.
    for (const id of ['auto-one', 'auto-two', 'auto-three']) {
      expect(['eu', 'shared']).toContain((await register({ id })).body.cluster);
    }
  });
});
