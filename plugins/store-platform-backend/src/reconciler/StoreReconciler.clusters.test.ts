import { FakeStoreCluster } from '../__testUtils__/FakeStoreCluster';
import {
  inMemoryStoreKnex,
  recordingStoreService,
} from '../__testUtils__/inMemoryStores';
import { ClusterHealthView } from '../cluster/StoreClusters';
import { StoreReconciler } from './StoreReconciler';
import { newTestStore } from '../__testUtils__/testStores';

/** Ready stores on clusters a and b; b's API server never answers. */
async function setup(clusterHealth?: ClusterHealthView) {
  const knex = await inMemoryStoreKnex();
  const { db, service, logger } = recordingStoreService(knex);
  const fake = new FakeStoreCluster();
  const asked: string[] = [];
  const cluster = Object.assign(Object.create(fake), {
    inspectStore: (id: string) => {
      asked.push(id);
      return id.startsWith('b-')
        ? new Promise<never>(() => {})
        : fake.inspectStore(id);
    },
  });
  for (const [id, on] of [
    ['a-one', 'a'],
    ['b-one', 'b'],
    ['b-two', 'b'],
  ]) {
    await service.register(newTestStore(id, { cluster: on }));
    await service.transition(id, 'provisioning');
    await service.transition(id, 'ready');
  }
  fake.addStore('a-one', { storefront: 'absent' });
  const reconciler = new StoreReconciler({
    service,
    cluster,
    clusterHealth,
    logger,
    stuckAfterMs: 30 * 60_000,
    inspectTimeoutMs: 100,
  });
  return { knex, db, reconciler, asked };
}

describe('StoreReconciler on several clusters', () => {
  it("checks one cluster's stores while another's does not answer, waiting at most once for the silent one", async () => {
    const { knex, db, reconciler, asked } = await setup();
    const report = await reconciler.reconcile();
    expect(report.drifted).toEqual(['a-one']);
    expect(report.unreachable.sort()).toEqual(['b-one', 'b-two']);
    expect(asked.filter(id => id.startsWith('b-'))).toHaveLength(1);
    for (const id of ['b-one', 'b-two']) {
      const store = await db.get(id);
      expect(store.status).toBe('ready');
      expect(store.statusMessage).toBeUndefined();
    }
    await knex.destroy();
  });

  it('does not even ask a cluster known unreachable', async () => {
    const { knex, reconciler, asked } = await setup({
      unreachable: name =>
        name === 'b' ? 'cluster unreachable: b (ECONNREFUSED)' : undefined,
    });
    const report = await reconciler.reconcile();
    expect(report.drifted).toEqual(['a-one']);
    expect(report.unreachable.sort()).toEqual(['b-one', 'b-two']);
    expect(asked).toEqual(['a-one']);
    await knex.destroy();
  });
});
