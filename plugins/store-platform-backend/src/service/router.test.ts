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

const shop = {
  id: 'shop-one',
  title: 'Shop One',
  engine: 'woocommerce',
  owner: 'group:shop-team',
};

async function waitFor(check: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  throw new Error('condition not met in time');
}

describe('store-platform router', () => {
  let server: Awaited<ReturnType<typeof startStoreBackend>>['server'];
  let cluster: FakeStoreCluster;

  beforeEach(async () => {
    cluster = new FakeStoreCluster();
    ({ server } = await startStoreBackend({ cluster }));
  });

  const register = (body: object, auth = service) =>
    request(server).post(`${api}/stores`).set('Authorization', auth).send(body);
  const setStatus = (id: string, body: object, auth = service) =>
    request(server)
      .post(`${api}/stores/${id}/status`)
      .set('Authorization', auth)
      .send(body);
  const get = (path: string) =>
    request(server).get(`${api}${path}`).set('Authorization', user);

  it('registers a store in pending, with its namespace, URL and first event', async () => {
    const created = await register({ ...shop, taskId: 'task-1' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'shop-one',
      title: 'Shop One',
      engine: 'woocommerce',
      owner: 'group:default/shop-team',
      size: 'small',
      namespace: 'store-shop-one',
      url: 'http://shop-one.localhost',
      status: 'pending',
      taskId: 'task-1',
    });

    const fetched = await get('/stores/shop-one');
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);

    const events = await get('/stores/shop-one/events');
    expect(events.body.items).toEqual([
      expect.objectContaining({
        from: null,
        to: 'pending',
        message: 'registered',
      }),
    ]);
  });

  it('refuses a taken id with 409, also while the store is being deleted', async () => {
    await register(shop);
    const again = await register(shop);
    expect(again.status).toBe(409);
    expect(again.body.error.name).toBe('ConflictError');

    let release!: () => void;
    cluster.addStore('shop-one');
    cluster.holdDeletion = new Promise(resolve => (release = resolve));
    const deletion = await request(server)
      .delete(`${api}/stores/shop-one`)
      .set('Authorization', user);
    expect(deletion.status).toBe(202);
    const whileDeleting = await register(shop);
    expect(whileDeleting.status).toBe(409);
    expect(whileDeleting.body.error.message).toMatch(/being deleted/);
    release();
  });

  it('walks the state machine and records every transition', async () => {
    await register(shop);
    expect(
      (await setStatus('shop-one', { status: 'provisioning' })).status,
    ).toBe(200);
    const failed = await setStatus('shop-one', {
      status: 'failed',
      message: 'bootstrap Job failed',
    });
    expect(failed.body).toMatchObject({
      status: 'failed',
      statusMessage: 'bootstrap Job failed',
    });
    await setStatus('shop-one', { status: 'provisioning', message: 'retry' });
    const ready = await setStatus('shop-one', { status: 'ready' });
    expect(ready.body.status).toBe('ready');
    expect(ready.body.statusMessage).toBeUndefined();

    const events = await get('/stores/shop-one/events');
    expect(events.body.items.map((e: any) => [e.from, e.to])).toEqual([
      [null, 'pending'],
      ['pending', 'provisioning'],
      ['provisioning', 'failed'],
      ['failed', 'provisioning'],
      ['provisioning', 'ready'],
    ]);
  });

  it('refuses an illegal transition with 409 and says which are allowed', async () => {
    await register(shop);
    const response = await setStatus('shop-one', { status: 'ready' });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toBe(
      'a store cannot go from pending to ready; from pending it can go to provisioning or failed or deleting',
    );
    expect((await get('/stores/shop-one')).body.status).toBe('pending');
    expect((await get('/stores/shop-one/events')).body.items).toHaveLength(1);
  });

  it('refuses status updates from users', async () => {
    await register(shop);
    const response = await setStatus(
      'shop-one',
      { status: 'provisioning' },
      user,
    );
    expect(response.status).toBe(403);
    expect((await get('/stores/shop-one')).body.status).toBe('pending');
  });

  it('leaves deletion to DELETE, not to a status update', async () => {
    await register(shop);
    const response = await setStatus('shop-one', { status: 'deleting' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/status: .*DELETE/);
  });

  it('returns 404 for unknown stores', async () => {
    expect((await get('/stores/no-such-shop')).status).toBe(404);
    expect((await get('/stores/no-such-shop/events')).status).toBe(404);
    expect((await setStatus('no-such-shop', { status: 'failed' })).status).toBe(
      404,
    );
    const deletion = await request(server)
      .delete(`${api}/stores/no-such-shop`)
      .set('Authorization', user);
    expect(deletion.status).toBe(404);
  });

  it('lists stores filtered by status and owner, paginated, newest first', async () => {
    for (const [id, owner] of [
      ['alpha', 'group:default/a'],
      ['bravo', 'group:default/b'],
      ['charlie', 'group:a'],
    ]) {
      await register({ id, engine: 'woocommerce', owner });
    }
    await setStatus('bravo', { status: 'provisioning' });

    const all = await get('/stores?limit=2');
    expect(all.body).toMatchObject({ totalCount: 3, offset: 0, limit: 2 });
    expect(all.body.items).toHaveLength(2);
    const rest = await get('/stores?limit=2&offset=2');
    expect(rest.body.items).toHaveLength(1);
    const ids = [...all.body.items, ...rest.body.items].map((s: any) => s.id);
    expect(new Set(ids)).toEqual(new Set(['alpha', 'bravo', 'charlie']));

    const byOwner = await get('/stores?owner=group:default/a');
    expect(byOwner.body.items.map((s: any) => s.id).sort()).toEqual([
      'alpha',
      'charlie',
    ]);
    const byStatus = await get('/stores?status=provisioning');
    expect(byStatus.body.items.map((s: any) => s.id)).toEqual(['bravo']);
  });

  it('deletes a store: 202 deleting, then it is gone once its namespace is', async () => {
    await register(shop);
    cluster.addStore('shop-one');
    const response = await request(server)
      .delete(`${api}/stores/shop-one`)
      .set('Authorization', user);
    expect(response.status).toBe(202);
    expect(response.body.status).toBe('deleting');
    await waitFor(async () => (await get('/stores/shop-one')).status === 404);
    expect(cluster.deleted).toEqual(['shop-one']);
    expect((await register(shop)).status).toBe(201); // no tombstone: the id is free
  });

  it('marks a store failed when deleting its namespace fails', async () => {
    await register(shop);
    cluster.failDeletion = 'namespace store-shop-one is stuck terminating';
    await request(server)
      .delete(`${api}/stores/shop-one`)
      .set('Authorization', user);
    await waitFor(
      async () => (await get('/stores/shop-one')).body.status === 'failed',
    );
    expect((await get('/stores/shop-one')).body.statusMessage).toBe(
      'deletion failed: namespace store-shop-one is stuck terminating',
    );
  });
});

/** The decision the reference policy gives a caller whose claims are `claims`. */
function ownedBy(...claims: string[]) {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'store-platform',
    resourceType: 'store',
    conditions: {
      rule: 'IS_STORE_OWNER',
      resourceType: 'store',
      params: { claims },
    },
  } as const;
}

describe('store-platform router permissions', () => {
  it("registers a store only in the name of one of the caller's ownership refs", async () => {
    const authorizeConditional = jest.fn(async (requests: any[]) =>
      requests.map(r =>
        // Every cluster is open (the default `default` one lists no users).
        r.permission.name === 'store.cluster.use'
          ? { result: AuthorizeResult.ALLOW }
          : ownedBy('user:default/alice', 'group:default/team-a'),
      ),
    );
    const { server } = await startStoreBackend({
      permissions: {
        authorize: async () => [{ result: AuthorizeResult.ALLOW }],
        authorizeConditional: authorizeConditional as any,
      },
    });
    const asAlice = (body: object) =>
      request(server)
        .post(`${api}/stores`)
        .set('Authorization', user)
        .send(body);

    const refused = await asAlice({ ...shop, owner: 'group:team-b' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(
      /not allowed to register a store owned by group:default\/team-b: a store's owner must be you or one of your groups/,
    );
    expect(authorizeConditional).toHaveBeenCalledWith(
      [{ permission: expect.objectContaining({ name: 'store.create' }) }],
      expect.anything(),
    );
    // Nothing was written: the id is still free.
    const missing = await request(server)
      .get(`${api}/stores/shop-one`)
      .set('Authorization', user);
    expect(missing.status).toBe(404);

    expect((await asAlice({ ...shop, owner: 'group:team-a' })).status).toBe(
      201,
    );
  });

  it('refuses reserved ids, naming the field, and writes nothing', async () => {
    const { server } = await startStoreBackend({
      config: {
        app: { baseUrl: 'https://portal.shops.example.com' },
        storePlatform: { reservedIds: ['billing'] },
      },
    });
    for (const id of ['dashboard', 'www', 'portal', 'billing']) {
      const refused = await request(server)
        .post(`${api}/stores`)
        .set('Authorization', user)
        .send({ ...shop, id });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(
        new RegExp(`id: "${id}" is reserved`),
      );
    }
  });

  it('tells the store form whether an id is free: rule, reserved, taken', async () => {
    const { server } = await startStoreBackend();
    await request(server)
      .post(`${api}/stores`)
      .set('Authorization', service)
      .send(shop);
    const check = async (id: string) =>
      (
        await request(server)
          .get(`${api}/store-ids/${id}`)
          .set('Authorization', user)
      ).body;
    expect(await check('fresh-shop')).toEqual({
      id: 'fresh-shop',
      available: true,
    });
    expect(await check('shop-one')).toEqual({
      id: 'shop-one',
      available: false,
      reason: 'a store with id "shop-one" already exists; choose another',
    });
    expect((await check('dashboard')).reason).toMatch(/reserved/);
    expect((await check('Shop')).reason).toBe('must be lowercase');
  });

  it('takes no task id from a user calling directly', async () => {
    const { server } = await startStoreBackend();
    const refused = await request(server)
      .post(`${api}/stores`)
      .set('Authorization', user)
      .send({ ...shop, taskId: 'someone-elses-task' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/taskId: only the scaffolder/);
  });

  it('takes status reports from plugins, not from people', async () => {
    const { server } = await startStoreBackend();
    await request(server)
      .post(`${api}/stores`)
      .set('Authorization', service)
      .send(shop);
    const refused = await request(server)
      .post(`${api}/stores/shop-one/status`)
      .set('Authorization', user)
      .send({ status: 'provisioning' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/not set by people/);
    const store = await request(server)
      .get(`${api}/stores/shop-one`)
      .set('Authorization', user);
    expect(store.body.status).toBe('pending');
  });

  it('refuses deletion when the policy denies it, and keeps the store', async () => {
    const cluster = new FakeStoreCluster();
    const authorize = jest.fn(async (requests: any[]) =>
      requests.map(r => ({
        result:
          r.permission.name === 'store.delete'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    );
    const { server } = await startStoreBackend({
      cluster,
      permissions: {
        authorize: authorize as any,
        authorizeConditional: async () => [{ result: AuthorizeResult.ALLOW }],
      },
    });
    await request(server)
      .post(`${api}/stores`)
      .set('Authorization', service)
      .send(shop);
    const response = await request(server)
      .delete(`${api}/stores/shop-one`)
      .set('Authorization', user);
    expect(response.status).toBe(403);
    expect(authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          permission: expect.objectContaining({ name: 'store.delete' }),
          resourceRef: 'shop-one',
        }),
      ],
      expect.anything(),
    );
    const store = await request(server)
      .get(`${api}/stores/shop-one`)
      .set('Authorization', user);
    expect(store.body.status).toBe('pending');
    expect(cluster.deleted).toEqual([]);
  });

  it('lists only the stores the conditional read decision allows', async () => {
    const { server } = await startStoreBackend({
      permissions: {
        authorize: async () => [{ result: AuthorizeResult.ALLOW }],
        authorizeConditional: async (requests: any[]) =>
          requests.map(r =>
            r.permission.name === 'store.read'
              ? ownedBy('group:default/mine')
              : { result: AuthorizeResult.ALLOW },
          ) as any,
      },
    });
    for (const [id, owner] of [
      ['mine-one', 'group:mine'],
      ['theirs-one', 'group:theirs'],
    ]) {
      await request(server)
        .post(`${api}/stores`)
        .set('Authorization', service)
        .send({ id, engine: 'woocommerce', owner });
    }
    const page = await request(server)
      .get(`${api}/stores`)
      .set('Authorization', user);
    expect(page.body.totalCount).toBe(1);
    expect(page.body.items.map((s: any) => s.id)).toEqual(['mine-one']);
  });
});
