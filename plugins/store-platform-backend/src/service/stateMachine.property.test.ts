import { mockCredentials } from '@backstage/backend-test-utils';
import {
  canTransition,
  STORE_STATUSES,
  StoreStatus,
} from '@store-platform/plugin-store-platform-common';
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

/** The answer the API must give to `call`, and the status after it. */
function expectedOutcome(
  model: StoreStatus,
  call: Call,
): [number, StoreStatus] {
  if (call.kind === 'register') return [409, model];
  if (call.kind === 'delete') {
    return model === 'deleting' || canTransition(model, 'deleting')
      ? [202, 'deleting']
      : [409, model];
  }
  if (call.asUser) return [403, model];
  if (call.status === 'deleting') return [400, model];
  return canTransition(model, call.status) ? [200, call.status] : [409, model];
}

describe('no sequence of API calls reaches an illegal state', () => {
  let server: Awaited<ReturnType<typeof startStoreBackend>>['server'];
  let run = 0;

  const send = (id: string, call: Call) => {
    if (call.kind === 'register') {
      return request(server)
        .post(`${api}/stores`)
        .set('Authorization', service)
        .send({ id, engine: 'woocommerce', owner: 'group:default/shop' });
    }
    if (call.kind === 'delete') {
      return request(server)
        .delete(`${api}/stores/${id}`)
        .set('Authorization', user);
    }
    return request(server)
      .post(`${api}/stores/${id}/status`)
      .set('Authorization', call.asUser ? user : service)
      .send({ status: call.status });
  };

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
          const [expected, next] = expectedOutcome(model, call);
          const response = await send(id, call);
          expect(response.status).toBe(expected);
          model = next;
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
          // An entry that keeps the status records who acted (e.g. which replica deletes).
          expect(
            events[i].from === events[i].to ||
              canTransition(events[i].from!, events[i].to),
          ).toBe(true);
        }
        expect(events[events.length - 1].to).toBe(model);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
