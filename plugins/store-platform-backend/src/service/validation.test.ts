import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startStoreBackend } from '../__testUtils__/startStoreBackend';

const service = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:scaffolder'),
  targetPluginId: 'store-platform',
});
const user = mockCredentials.user.header('user:default/alice');
const api = '/api/store-platform';
const valid = {
  id: 'good-shop',
  engine: 'woocommerce',
  owner: 'group:default/shop',
};

/** [what, body, field named in the error] */
const badRegistrations: Array<[string, unknown, string]> = [
  ['uppercase id', { ...valid, id: 'Shop-One' }, 'id: must be lowercase'],
  ['short id', { ...valid, id: 'ab' }, 'id: must be at least 3'],
  ['long id', { ...valid, id: `a${'b'.repeat(40)}` }, 'id: must be at most 40'],
  ['id with dot', { ...valid, id: 'shop.one' }, 'id: may contain only'],
  ['id ending in dash', { ...valid, id: 'shop-' }, 'id: may contain only'],
  ['reserved id', { ...valid, id: 'dashboard' }, 'id: "dashboard" is reserved'],
  ['numeric id', { ...valid, id: 12345 }, 'id:'],
  ['missing id', { engine: 'woocommerce', owner: valid.owner }, 'id:'],
  ['empty title', { ...valid, title: '   ' }, 'title: must not be empty'],
  [
    'long title',
    { ...valid, title: 'x'.repeat(101) },
    'title: must be at most 100',
  ],
  [
    'control chars in title',
    { ...valid, title: 'a\u0007b' },
    'title: must not contain control',
  ],
  ['unknown engine', { ...valid, engine: 'magento' }, 'engine:'],
  [
    'engine not available yet',
    { ...valid, engine: 'medusa' },
    'engine: the medusa engine is not available yet; choose woocommerce',
  ],
  [
    'owner without kind',
    { ...valid, owner: 'shop' },
    'owner: must be a user or group',
  ],
  ['component owner', { ...valid, owner: 'component:default/x' }, 'owner:'],
  ['owner with spaces', { ...valid, owner: 'group:shop team' }, 'owner:'],
  ['unknown size', { ...valid, size: 'huge' }, 'size:'],
  ['unknown field', { ...valid, namespace: 'kube-system' }, 'namespace'],
  ['array body', [valid], '(body)'],
];

const badStatusUpdates: Array<[string, unknown, string]> = [
  ['unknown status', { status: 'done' }, 'status:'],
  ['missing status', { message: 'x' }, 'status:'],
  ['status as number', { status: 3 }, 'status:'],
  [
    'empty message',
    { status: 'provisioning', message: '' },
    'message: must not be empty',
  ],
  [
    'long message',
    { status: 'failed', message: 'm'.repeat(2001) },
    'message: must be at most 2000',
  ],
  ['unknown field', { status: 'failed', owner: 'group:x' }, 'owner'],
];

const badQueries: Array<[string, string, string]> = [
  ['unknown status', 'status=done', 'status:'],
  ['bad owner', 'owner=nobody', 'owner:'],
  ['negative offset', 'offset=-1', 'offset:'],
  ['zero limit', 'limit=0', 'limit:'],
  ['huge limit', 'limit=1000', 'limit:'],
  ['non-numeric limit', 'limit=ten', 'limit:'],
  ['unknown parameter', 'sort=id', 'sort'],
  ['unknown sort', 'orderBy=namespace', 'orderBy:'],
  ['unknown order', 'order=up', 'order:'],
  ['mine not a boolean', 'mine=yes', 'mine:'],
  ['search too long', `q=${'x'.repeat(101)}`, 'q:'],
  ['cursor and offset', 'cursor=abc&offset=1', 'offset:'],
  ['forged cursor', 'cursor=abc', 'cursor:'],
];

describe('bad input is refused with 400, the field named, and nothing stored', () => {
  let server: Awaited<ReturnType<typeof startStoreBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startStoreBackend());
    await request(server)
      .post(`${api}/stores`)
      .set('Authorization', service)
      .send(valid)
      .expect(201);
  });

  async function storeCount() {
    const page = await request(server)
      .get(`${api}/stores`)
      .set('Authorization', user);
    return page.body.totalCount;
  }

  it.each(badRegistrations)('POST /stores: %s', async (_, body, field) => {
    const response = await request(server)
      .post(`${api}/stores`)
      .set('Authorization', service)
      .send(body as object);
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toContain(field);
    expect(await storeCount()).toBe(1);
  });

  it.each(badStatusUpdates)(
    'POST /stores/:id/status: %s',
    async (_, body, field) => {
      const response = await request(server)
        .post(`${api}/stores/good-shop/status`)
        .set('Authorization', service)
        .send(body as object);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(field);
      const events = await request(server)
        .get(`${api}/stores/good-shop/events`)
        .set('Authorization', user);
      expect(events.body.items).toHaveLength(1);
    },
  );

  it.each(badQueries)('GET /stores?%s', async (_, query, field) => {
    const response = await request(server)
      .get(`${api}/stores?${query}`)
      .set('Authorization', user);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(field);
  });

  it.each(['Bad_Id', 'ab', 'x'.repeat(41), 'api'])(
    'rejects the malformed path id %s everywhere',
    async id => {
      for (const call of [
        request(server).get(`${api}/stores/${id}`).set('Authorization', user),
        request(server)
          .get(`${api}/stores/${id}/events`)
          .set('Authorization', user),
        request(server)
          .delete(`${api}/stores/${id}`)
          .set('Authorization', user),
        request(server)
          .post(`${api}/stores/${id}/status`)
          .set('Authorization', service)
          .send({ status: 'failed' }),
      ]) {
        const response = await call;
        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain('id:');
      }
    },
  );

  it('rejects malformed JSON with 400, not 500', async () => {
    const response = await request(server)
      .post(`${api}/stores`)
      .set('Authorization', service)
      .set('Content-Type', 'application/json')
      .send('{"id": "shop-two",');
    expect(response.status).toBe(400);
    expect(await storeCount()).toBe(1);
  });
});
