import { mockCredentials } from '@backstage/backend-test-utils';
import {
  canTransition,
  STORE_STATUSES,
  StoreStatus,
} from '@internal/plugin-store-platform-common';
import fc from 'fast-check';
import request from 'supertest';
import { FakeStoreCluster } from '../__testUtils__/FakeStoreCluster';
import { startStoreBackend } from '../__testUtils__/startStoreBackend';

const service = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:scaffolder'),
  targetPluginId: 'store-platform',
});
const user = mockCredentials.user.header('user:default/alice');
const api = '/api/store-platform';

type Call =
  | { kind: 'status'; status: StoreStatus; asUser: boolean }
  | { kind: 'delete' }
  | { kind: 'register' };

const callArb: fc.Arbitrary<Call> = fc.oneof(
  fc.record({
    kind: fc.constant('status' as const),
    status: fc.constantFrom(...STORE_STATUSES),
    asUser: fc.boolean(),
  }),
  fc.constant({ kind: 'delete' as const }),
  fc.constant({ kind: 'register' as const }),
);

describe('no sequence of API calls reaches an illegal state', () => {
  let server: Awaited<ReturnType<typeof startStoreBackend>>['server'];
  let run = 0;

  beforeAll(async () => {
    const cluster = new FakeStoreCluster();
    // Deletions never finish, so `deleting` stays observable.
    cluster.holdDeletion = new Promise(() => {});
    ({ server } = await startStoreBackend({ cluster }));
  });

  it('keeps status, history and answers consistent with the state machine', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(callArb, { maxLength: 12 }), async calls => {
        const id = `prop-${run++}`;
        await request(server)
          .post(`${api}/stores`)
          .set('Authorization', service)
          .send({ id, engine: 'woocommerce', owner: 'group:default/shop' })
          .expect(201);
        let model: StoreStatus = 'pending';

        for (const call of calls) {
          let response;
          if (call.kind === 'register') {
            response = await request(server)
              .post(`${api}/stores`)
              .set('Authorization', service)
              .send({ id, engine: 'woocommerce', owner: 'group:default/shop' });
            expect(response.status).toBe(409);
          } else if (call.kind === 'delete') {
            response = await request(server)
              .delete(`${api}/stores/${id}`)
              .set('Authorization', user);
            const allowed =
              model === 'deleting' || canTransition(model, 'deleting');
            expect(response.status).toBe(allowed ? 202 : 409);
            if (allowed) model = 'deleting';
          } else {
            response = await request(server)
              .post(`${api}/stores/${id}/status`)
              .set('Authorization', call.asUser ? user : service)
              .send({ status: call.status });
            if (call.asUser) {
              expect(response.status).toBe(403);
            } else if (call.status === 'deleting') {
              expect(response.status).toBe(400);
            } else if (canTransition(model, call.status)) {
              expect(response.status).toBe(200);
              model = call.status;
            } else {
              expect(response.status).toBe(409);
            }
          }
        }

        const store = await request(server)
          .get(`${api}/stores/${id}`)
          .set('Authorization', user);
        expect(store.body.status).toBe(model);
        const events = (
          await request(server)
            .get(`${api}/stores/${id}/events`)
            .set('Authorization', user)
        ).body.items as Array<{ from: StoreStatus | null; to: StoreStatus }>;
        expect(events[0]).toMatchObject({ from: null, to: 'pending' });
        for (let i = 1; i < events.length; i++) {
          expect(events[i].from).toBe(events[i - 1].to);
          expect(canTransition(events[i].from!, events[i].to)).toBe(true);
        }
        expect(events[events.length - 1].to).toBe(model);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
