import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { FakeStoreCluster } from '../__testUtils__/FakeStoreCluster';
import { createStorePlatformPlugin } from '../plugin';

const owner = mockCredentials.user.header('user:default/alice');
const service = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:scaffolder'),
  targetPluginId: 'store-platform',
});
const api = '/api/store-platform';
const PASSWORD = 'Sup3r-secret-admin-pw';

/**
 * The plugin with a fake cluster, a permission decision per permission name
 * (ALLOW unless listed) and a mock auditor that records every event.
 */
async function start(
  options: {
    deny?: string[];
    cluster?: FakeStoreCluster | null;
  } = {},
) {
  const cluster =
    options.cluster === undefined ? new FakeStoreCluster() : options.cluster;
  const authorize = jest.fn(async (requests: any[]) =>
    requests.map(r => ({
      result: options.deny?.includes(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })),
  );
  const audits: { options: any; outcome?: any }[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async (eventOptions: any) => {
      const entry: { options: any; outcome?: any } = {
        options: { ...eventOptions, request: undefined },
      };
      audits.push(entry);
      return {
        success: async (params?: any) => {
          entry.outcome = { status: 'succeeded', ...params };
        },
        fail: async (params: any) => {
          entry.outcome = {
            status: 'failed',
            error: String(params.error),
            meta: params.meta,
          };
        },
      };
    },
  });
  const { server } = await startTestBackend({
    features: [
      createStorePlatformPlugin({ cluster }),
      eventsServiceFactory,
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.permissions.mock({
        authorize: authorize as any,
        authorizeConditional: async () => [{ result: AuthorizeResult.ALLOW }],
      }).factory,
      auditor.factory,
    ],
  });

  async function addStore(id: string, status: 'ready' | 'pending' = 'ready') {
    await request(server)
      .post(`${api}/stores`)
      .set('Authorization', service)
      .send({ id, engine: 'woocommerce', owner: 'group:default/shop-team' })
      .expect(201);
    if (status === 'ready') {
      for (const next of ['provisioning', 'ready']) {
        await request(server)
          .post(`${api}/stores/${id}/status`)
          .set('Authorization', service)
          .send({ status: next })
          .expect(200);
      }
    }
  }
  // Tests that pass `cluster: null` do not use it.
  return { server, cluster: cluster!, authorize, audits, addStore };
}

const readCredentials = (server: any, id: string, auth = owner) =>
  request(server)
    .get(`${api}/stores/${id}/admin-credentials`)
    .set('Authorization', auth);
const reset = (server: any, id: string, auth = owner) =>
  request(server)
    .post(`${api}/stores/${id}/admin-password/reset`)
    .set('Authorization', auth);

describe('GET /stores/:id/admin-credentials', () => {
  it('gives those allowed the user name and password from the Secret, not to be cached, and audits it without the password', async () => {
    const { server, cluster, authorize, audits, addStore } = await start();
    await addStore('shop-one');
    cluster.adminPasswords.set('shop-one', PASSWORD);

    const res = await readCredentials(server, 'shop-one');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ username: 'admin', password: PASSWORD });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'store.credentials.read',
          }),
          resourceRef: 'shop-one',
        }),
      ],
      expect.anything(),
    );
    expect(audits).toEqual([
      {
        options: expect.objectContaining({
          eventId: 'admin-credentials-read',
          severityLevel: 'medium',
          meta: { storeId: 'shop-one' },
        }),
        outcome: { status: 'succeeded' },
      },
    ]);
    expect(JSON.stringify(audits)).not.toContain(PASSWORD);
  });

  it('reads the Secret at every request: a new password shows at once', async () => {
    const { server, cluster, addStore } = await start();
    await addStore('shop-one');
    cluster.adminPasswords.set('shop-one', PASSWORD);
    expect((await readCredentials(server, 'shop-one')).body.password).toBe(
      PASSWORD,
    );
    cluster.adminPasswords.set('shop-one', 'changed-in-the-cluster');
    expect((await readCredentials(server, 'shop-one')).body.password).toBe(
      'changed-in-the-cluster',
    );
  });

  it('refuses with 403 when the policy denies store.credentials.read, audited as failed', async () => {
    const { server, cluster, audits, addStore } = await start({
      deny: ['store.credentials.read'],
    });
    await addStore('shop-one');
    cluster.adminPasswords.set('shop-one', PASSWORD);

    const res = await readCredentials(server, 'shop-one');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'not allowed to read the admin credentials of store "shop-one"',
    );
    expect(res.text).not.toContain(PASSWORD);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(audits).toEqual([
      expect.objectContaining({
        outcome: expect.objectContaining({ status: 'failed' }),
      }),
    ]);
  });

  it('is for people: a service token is refused', async () => {
    const { server, cluster, addStore } = await start();
    await addStore('shop-one');
    cluster.adminPasswords.set('shop-one', PASSWORD);
    const res = await readCredentials(server, 'shop-one', service);
    expect(res.status).toBe(403);
    expect(res.text).not.toContain(PASSWORD);
  });

  it('answers 409 for a store that is not ready, 404 for one without credentials or unknown, 400 for a bad id', async () => {
    const { server, cluster, addStore } = await start();
    await addStore('shop-pending', 'pending');
    cluster.adminPasswords.set('shop-pending', PASSWORD);
    const pending = await readCredentials(server, 'shop-pending');
    expect(pending.status).toBe(409);
    expect(pending.body.error.message).toBe(
      'store shop-pending is pending: its admin credentials can be read once it is ready',
    );

    await addStore('shop-bare');
    const bare = await readCredentials(server, 'shop-bare');
    expect(bare.status).toBe(404);
    expect(bare.body.error.message).toMatch(/no admin credentials/);

    expect((await readCredentials(server, 'no-such-shop')).status).toBe(404);
    const bad = await readCredentials(server, 'Bad_Id');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid store id: id:/);
  });

  it('answers 503 when the plugin runs without a cluster', async () => {
    const { server, addStore } = await start({ cluster: null });
    await addStore('shop-one');
    const res = await readCredentials(server, 'shop-one');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/no Kubernetes cluster/);
  });
});

describe('POST /stores/:id/admin-password/reset', () => {
  it('resets the password when store.update is allowed, answers without it, audited', async () => {
    const { server, cluster, authorize, audits, addStore } = await start();
    await addStore('shop-one');
    cluster.adminPasswords.set('shop-one', PASSWORD);

    const res = await reset(server, 'shop-one');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      storeId: 'shop-one',
      resetAt: expect.any(String),
    });
    expect(cluster.resets).toEqual(['shop-one']);
    const now = cluster.adminPasswords.get('shop-one')!;
    expect(now).not.toBe(PASSWORD);
    expect(res.text).not.toContain(now);
    expect(authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          permission: expect.objectContaining({ name: 'store.update' }),
          resourceRef: 'shop-one',
        }),
      ],
      expect.anything(),
    );
    expect(audits).toEqual([
      {
        options: expect.objectContaining({
          eventId: 'admin-password-reset',
          meta: { storeId: 'shop-one' },
        }),
        outcome: { status: 'succeeded' },
      },
    ]);
    expect(JSON.stringify(audits)).not.toContain(now);
    // The new password is read like the first one.
    expect((await readCredentials(server, 'shop-one')).body.password).toBe(now);
  });

  it('refuses with 403 when store.update is denied and changes nothing', async () => {
    const { server, cluster, audits, addStore } = await start({
      deny: ['store.update'],
    });
    await addStore('shop-one');
    cluster.adminPasswords.set('shop-one', PASSWORD);
    const res = await reset(server, 'shop-one');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'not allowed to reset the admin password of store "shop-one"',
    );
    expect(cluster.resets).toEqual([]);
    expect(cluster.adminPasswords.get('shop-one')).toBe(PASSWORD);
    expect(audits[0].outcome.status).toBe('failed');
  });

  it('refuses a store that is not ready with 409 and changes nothing', async () => {
    const { server, cluster, addStore } = await start();
    await addStore('shop-pending', 'pending');
    cluster.adminPasswords.set('shop-pending', PASSWORD);
    const res = await reset(server, 'shop-pending');
    expect(res.status).toBe(409);
    expect(cluster.resets).toEqual([]);
  });
});
