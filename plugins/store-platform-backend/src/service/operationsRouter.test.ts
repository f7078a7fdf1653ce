import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startStoreBackend } from '../__testUtils__/startStoreBackend';

const user = mockCredentials.user.header('user:default/alice');
const scaffolder = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:scaffolder'),
  targetPluginId: 'store-platform',
});
const api = '/api/store-platform';

describe('the operation lease routes', () => {
  let server: Awaited<ReturnType<typeof startStoreBackend>>['server'];

  const post = (path: string, body: object, auth = scaffolder) =>
    request(server).post(`${api}${path}`).set('Authorization', auth).send(body);

  beforeEach(async () => {
    ({ server } = await startStoreBackend());
    await post('/stores', {
      id: 'shop-one',
      engine: 'woocommerce',
      owner: 'group:shop-team',
    });
    await post('/stores/shop-one/status', { status: 'provisioning' });
    await post('/stores/shop-one/status', { status: 'ready' });
  });

  it('runs an operation from begin to finish, recording what it changed', async () => {
    const begun = await post('/stores/shop-one/operations', {
      operation: 'resize',
      taskId: 'task-9',
    });
    expect(begun.status).toBe(200);
    expect(begun.body.operation).toMatchObject({
      kind: 'resize',
      taskId: 'task-9',
    });
    expect(
      (
        await post('/stores/shop-one/operations/heartbeat', {
          taskId: 'task-9',
        })
      ).status,
    ).toBe(204);
    const finished = await post('/stores/shop-one/operations/finish', {
      taskId: 'task-9',
      outcome: 'succeeded',
      message: 'resized to large\nrollout done',
      changes: { size: 'large' },
    });
    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({
      status: 'ready',
      size: 'large',
      statusMessage: 'resized to large\nrollout done',
      lastOperation: { kind: 'resize', outcome: 'succeeded', taskId: 'task-9' },
    });
    expect(finished.body.operation).toBeUndefined();
  });

  it('is for the actions only: a person calling it directly is refused and nothing changes', async () => {
    const direct = await post(
      '/stores/shop-one/operations',
      { operation: 'suspend', taskId: 'task-x' },
      user,
    );
    expect(direct.status).toBe(403);
    expect(direct.body.error.message).toContain(
      'operations are run by their scaffolder templates',
    );
    const store = await request(server)
      .get(`${api}/stores/shop-one`)
      .set('Authorization', user);
    expect(store.body.operation).toBeUndefined();
  });

  it('refuses the wrong status naming the allowed ones, a second operation, and bad input naming the field', async () => {
    const wrong = await post('/stores/shop-one/operations', {
      operation: 'resume',
      taskId: 'task-1',
    });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.message).toBe(
      'store "shop-one" is ready; resume is allowed only when a store is suspended',
    );

    await post('/stores/shop-one/operations', {
      operation: 'backup',
      taskId: 'task-2',
    });
    const busy = await post('/stores/shop-one/operations', {
      operation: 'suspend',
      taskId: 'task-3',
    });
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toContain('backup (task task-2)');

    const bad = await post('/stores/shop-one/operations', {
      operation: 'explode',
      taskId: 'task-4',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/operation:/);

    const badChange = await post('/stores/shop-one/operations/finish', {
      taskId: 'task-2',
      outcome: 'succeeded',
      changes: { size: 'huge' },
    });
    expect(badChange.status).toBe(400);
    expect(badChange.body.error.message).toMatch(/changes\.size:/);

    const illegal = await post('/stores/shop-one/operations/finish', {
      taskId: 'task-2',
      outcome: 'succeeded',
      status: 'pending',
    });
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.message).toContain(
      'a store cannot go from ready to pending',
    );
  });
});
