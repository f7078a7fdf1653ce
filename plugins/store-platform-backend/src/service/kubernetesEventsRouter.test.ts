import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { FakeStoreCluster } from '../__testUtils__/FakeStoreCluster';
import { migrateStoreDatabase } from '../database/migrate';
import { StoreDatabase } from '../database/StoreDatabase';
import { createKubernetesEventsRouter } from './kubernetesEventsRouter';

const api = '/api/store-platform';
const alice = mockCredentials.user.header('user:default/alice');
const bob = mockCredentials.user.header('user:default/bob');
const STORE = 'shop-one';

const WARNINGS = [
  {
    reason: 'BackOff',
    object: 'Pod/wordpress-abc',
    message: 'Back-off restarting failed container wordpress',
    count: 7,
    lastSeen: '2026-11-30T18:00:05.000Z',
  },
  {
    reason: 'FailedScheduling',
    object: 'Pod/mariadb-0',
    message: '0/1 nodes are available: 1 Insufficient memory.',
    count: 1,
    lastSeen: '2026-11-30T17:50:00.000Z',
  },
];

/**
 * The router mounted as the plugin mounts it, on a real store database,
 * with a permission policy that lets Alice (the owner) read the store and
 * refuses Bob.
 */
async function start(cluster: FakeStoreCluster | undefined) {
  const plugin = createBackendPlugin({
    pluginId: 'store-platform',
    register(env) {
      env.registerInit({
        deps: {
          database: coreServices.database,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
        },
        async init({ database, httpRouter, httpAuth, permissions }) {
          const knex = await database.getClient();
          await migrateStoreDatabase(knex);
          const db = new StoreDatabase(knex);
          await db.register({
            id: STORE,
            title: STORE,
            engine: 'woocommerce',
            owner: 'user:default/alice',
            size: 'small',
            namespace: `store-${STORE}`,
            url: `http://${STORE}.localhost`,
          });
          httpRouter.use(
            await createKubernetesEventsRouter({
              db,
              cluster,
              httpAuth,
              permissions,
            }),
          );
        },
      });
    },
  });
  const authorize = jest.fn(async (requests: any[], { credentials }: any) =>
    requests.map(r => ({
      result:
        r.permission.name === 'store.read' &&
        r.resourceRef === STORE &&
        credentials.principal.userEntityRef === 'user:default/alice'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    })),
  );
  const { server } = await startTestBackend({
    features: [
      plugin,
      mockServices.permissions.mock({ authorize: authorize as any }).factory,
    ],
  });
  return { server, authorize };
}

describe('GET /stores/:id/kubernetes-events', () => {
  it("gives the store's reader its Warning events, newest first", async () => {
    const cluster = new FakeStoreCluster();
    cluster.warningEvents.set(STORE, WARNINGS);
    const { server, authorize } = await start(cluster);

    const res = await request(server)
      .get(`${api}/stores/${STORE}/kubernetes-events`)
      .set('Authorization', alice);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: WARNINGS });
    expect(authorize.mock.calls[0][0]).toEqual([
      expect.objectContaining({ resourceRef: STORE }),
    ]);
  });

  it('refuses someone who may not read the store with 403, showing none of its events', async () => {
    const cluster = new FakeStoreCluster();
    cluster.warningEvents.set(STORE, WARNINGS);
    const { server } = await start(cluster);

    const res = await request(server)
      .get(`${api}/stores/${STORE}/kubernetes-events`)
      .set('Authorization', bob);

    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      `not allowed to read the Kubernetes events of store "${STORE}"`,
    );
    expect(res.text).not.toContain('BackOff');
  });

  it('answers 404 for an unknown store, 400 for a bad id, 401 without a token', async () => {
    const { server } = await start(new FakeStoreCluster());
    const get = (path: string) =>
      request(server).get(`${api}${path}`).set('Authorization', alice);

    expect((await get('/stores/no-such-shop/kubernetes-events')).status).toBe(
      404,
    );
    const bad = await get('/stores/Bad_Id/kubernetes-events');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('id:');
    expect(
      (
        await request(server)
          .get(`${api}/stores/${STORE}/kubernetes-events`)
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
  });

  it('answers 503 naming the config without a cluster, and when the cluster does not answer', async () => {
    const without = await start(undefined);
    const res = await request(without.server)
      .get(`${api}/stores/${STORE}/kubernetes-events`)
      .set('Authorization', alice);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain('storePlatform.kubernetes');

    const cluster = new FakeStoreCluster();
    jest
      .spyOn(cluster, 'listWarningEvents')
      .mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:6443'));
    const down = await start(cluster);
    const failed = await request(down.server)
      .get(`${api}/stores/${STORE}/kubernetes-events`)
      .set('Authorization', alice);
    expect(failed.status).toBe(503);
    expect(failed.body.error.message).toBe(
      `could not read the Kubernetes events of store ${STORE}: connect ECONNREFUSED 127.0.0.1:6443`,
    );
  });
});
