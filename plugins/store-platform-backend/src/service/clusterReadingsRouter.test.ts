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
import { createClusterReadingsRouter } from './clusterReadingsRouter';

const api = '/api/store-platform';
const alice = mockCredentials.user.header('user:default/alice');
const bob = mockCredentials.user.header('user:default/bob');
const STORE = 'shop-one';

const BACKUPS = [
  {
    id: `${STORE}-20261130-180500`,
    createdAt: '2026-11-30T18:05:00.000Z',
    status: 'failed' as const,
    message: 'Job failed: simulated failure',
  },
  {
    id: `${STORE}-20261130-180000`,
    createdAt: '2026-11-30T18:00:00.000Z',
    status: 'succeeded' as const,
    sizeBytes: 1048576,
  },
];

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
 * The router mounted as the plugin mounts it, on a real store database, with
 * a permission policy that lets Alice (the owner) read the store and refuses
 * Bob.
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
            await createClusterReadingsRouter({
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

/** Each reading: its path, its words in refusals, the fake's data and reader. */
const READINGS = [
  {
    path: 'backups',
    what: 'backups',
    items: BACKUPS as unknown[],
    hidden: '20261130',
    fill: (cluster: FakeStoreCluster) => cluster.backups.set(STORE, BACKUPS),
    reader: 'listBackups' as const,
  },
  {
    path: 'kubernetes-events',
    what: 'Kubernetes events',
    items: WARNINGS as unknown[],
    hidden: 'BackOff',
    fill: (cluster: FakeStoreCluster) =>
      cluster.warningEvents.set(STORE, WARNINGS),
    reader: 'listWarningEvents' as const,
  },
];

describe.each(READINGS)('GET /stores/:id/$path', reading => {
  const path = `${api}/stores/${STORE}/${reading.path}`;

  it("gives the store's reader what the cluster lists, newest first", async () => {
    const cluster = new FakeStoreCluster();
    reading.fill(cluster);
    const { server, authorize } = await start(cluster);

    const res = await request(server).get(path).set('Authorization', alice);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: reading.items });
    expect(authorize.mock.calls[0][0]).toEqual([
      expect.objectContaining({ resourceRef: STORE }),
    ]);
  });

  it('answers an empty list when there is nothing', async () => {
    const { server } = await start(new FakeStoreCluster());
    const res = await request(server).get(path).set('Authorization', alice);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
  });

  it('refuses someone who may not read the store with 403, showing nothing and asking the cluster nothing', async () => {
    const cluster = new FakeStoreCluster();
    reading.fill(cluster);
    const read = jest.spyOn(cluster, reading.reader);
    const { server } = await start(cluster);

    const res = await request(server).get(path).set('Authorization', bob);

    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      `not allowed to read the ${reading.what} of store "${STORE}"`,
    );
    expect(res.text).not.toContain(reading.hidden);
    expect(read).not.toHaveBeenCalled();
  });

  it('answers 404 for an unknown store, 400 for a bad id, 401 without a token', async () => {
    const { server } = await start(new FakeStoreCluster());
    const get = (p: string) =>
      request(server).get(`${api}${p}`).set('Authorization', alice);

    expect((await get(`/stores/no-such-shop/${reading.path}`)).status).toBe(
      404,
    );
    const bad = await get(`/stores/Bad_Id/${reading.path}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('id:');
    expect(
      (
        await request(server)
          .get(path)
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
  });

  it('answers 503 naming the config without a cluster, and when the cluster does not answer', async () => {
    const without = await start(undefined);
    const res = await request(without.server)
      .get(path)
      .set('Authorization', alice);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain('storePlatform.kubernetes');

    const cluster = new FakeStoreCluster();
    jest
      .spyOn(cluster, reading.reader)
      .mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:6443'));
    const down = await start(cluster);
    const failed = await request(down.server)
      .get(path)
      .set('Authorization', alice);
    expect(failed.status).toBe(503);
    expect(failed.body.error.message).toBe(
      `could not read the ${reading.what} of store ${STORE}: connect ECONNREFUSED 127.0.0.1:6443`,
    );
  });
});
