import { FakeStoreCluster } from '../__testUtils__/FakeStoreCluster';
import {
  inMemoryStoreKnex,
  recordingStoreService,
} from '../__testUtils__/inMemoryStores';
import { StoreReconciler } from './StoreReconciler';
import { newTestStore } from '../__testUtils__/testStores';

const MINUTE = 60_000;

async function setup() {
  const knex = await inMemoryStoreKnex();
  let now = new Date('2025-06-01T10:00:00Z');
  const clock = {
    now: () => now,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
  const { db, service, changes, logger } = recordingStoreService(
    knex,
    clock.now,
  );
  const cluster = new FakeStoreCluster();
  const reconciler = new StoreReconciler({
    service,
    cluster,
    logger,
    stuckAfterMs: 30 * MINUTE,
    now: clock.now,
  });
  const register = (id: string) => service.register(newTestStore(id));
  return {
    knex,
    db,
    service,
    cluster,
    reconciler,
    clock,
    changes,
    register,
  };
}

describe('StoreReconciler', () => {
  it('fails stores stuck in pending or provisioning past the timeout, and only those', async () => {
    const { reconciler, clock, register, service, db, knex } = await setup();
    await register('stuck-pending');
    await register('stuck-prov');
    await service.transition('stuck-prov', 'provisioning');
    clock.advance(31 * MINUTE);
    await register('fresh-one');

    const report = await reconciler.reconcile();
    expect(report.interrupted.sort()).toEqual(['stuck-pending', 'stuck-prov']);
    const failed = await db.get('stuck-prov');
    expect(failed.status).toBe('failed');
    expect(failed.statusMessage).toMatch(
      /^interrupted: no sign of its task for 30 minutes while provisioning/,
    );
    expect((await db.get('fresh-one')).status).toBe('pending');
    expect((await reconciler.reconcile()).interrupted).toEqual([]);
    await knex.destroy();
  });

  it('leaves a long provisioning alone while its task sends heartbeats, and fails it once they stop', async () => {
    const { reconciler, clock, register, service, db, knex } = await setup();
    await register('long-wait');
    await service.beginOperation('long-wait', 'provision', 'task-long');
    await service.transition('long-wait', 'provisioning');
    // 50 minutes of legitimate waiting (raised timeouts), a heartbeat every 10.
    for (let i = 0; i < 5; i++) {
      clock.advance(10 * MINUTE);
      await db.leases.heartbeat('long-wait', 'task-long');
      expect((await reconciler.reconcile()).interrupted).toEqual([]);
    }
    expect((await db.get('long-wait')).status).toBe('provisioning');

    // The task dies: no heartbeat for longer than the limit.
    clock.advance(31 * MINUTE);
    expect((await reconciler.reconcile()).interrupted).toEqual(['long-wait']);
    const failed = await db.get('long-wait');
    expect(failed).toMatchObject({
      status: 'failed',
      lastOperation: { kind: 'provision', outcome: 'failed' },
    });
    expect(failed.operation).toBeUndefined();
    await knex.destroy();
  });

  it('releases a day-two operation whose task died, leaving the store ready and operable', async () => {
    const { reconciler, clock, register, service, db, knex } = await setup();
    await register('orphaned');
    await service.transition('orphaned', 'provisioning');
    await service.transition('orphaned', 'ready');
    await service.beginOperation('orphaned', 'backup', 'task-dead');
    clock.advance(20 * MINUTE);
    expect((await reconciler.reconcile()).interrupted).toEqual([]);
    expect((await db.get('orphaned')).operation?.kind).toBe('backup');

    clock.advance(11 * MINUTE);
    expect((await reconciler.reconcile()).interrupted).toEqual(['orphaned']);
    const released = await db.get('orphaned');
    expect(released.status).toBe('ready');
    expect(released.operation).toBeUndefined();
    expect(released.lastOperation).toMatchObject({
      kind: 'backup',
      outcome: 'failed',
      message: expect.stringContaining('backup interrupted'),
    });
    // Operable again.
    await expect(
      service.beginOperation('orphaned', 'suspend', 'task-next'),
    ).resolves.toMatchObject({ operation: { kind: 'suspend' } });
    await knex.destroy();
  });

  it('reports a ready store whose namespace or storefront is gone, and clears it when back', async () => {
    const { reconciler, register, service, db, cluster, knex } = await setup();
    await register('drifted');
    await service.transition('drifted', 'provisioning');
    await service.transition('drifted', 'ready');
    cluster.addStore('drifted', { storefront: 'absent' });

    expect((await reconciler.reconcile()).drifted).toEqual(['drifted']);
    const store = await db.get('drifted');
    expect(store.status).toBe('ready');
    expect(store.statusMessage).toBe(
      'drift: the storefront Deployment is absent',
    );

    cluster.addStore('drifted');
    await reconciler.reconcile();
    expect((await db.get('drifted')).statusMessage).toBeUndefined();

    cluster.namespaces.delete('drifted');
    await reconciler.reconcile();
    expect((await db.get('drifted')).statusMessage).toBe(
      'drift: namespace store-drifted is absent; the storefront Deployment is absent',
    );
    await knex.destroy();
  });

  it("reports a ready store whose workload is not ready in the kubelet's words, and clears it when it recovers", async () => {
    const { reconciler, register, service, db, cluster, knex } = await setup();
    await register('crashed');
    await service.transition('crashed', 'provisioning');
    await service.transition('crashed', 'ready');
    const why =
      'Deployment wordpress has 0/1 ready: pod wordpress-1, container wordpress: restarted 1 time(s), last exit code 0 (Completed)';
    cluster.addStore('crashed', { unready: [why] });

    expect((await reconciler.reconcile()).drifted).toEqual(['crashed']);
    const store = await db.get('crashed');
    expect(store.status).toBe('ready');
    expect(store.statusMessage).toBe(`drift: ${why}`);

    cluster.addStore('crashed');
    expect((await reconciler.reconcile()).drifted).toEqual([]);
    expect((await db.get('crashed')).statusMessage).toBeUndefined();
    await knex.destroy();
  });

  it('leaves stores being deleted to the deletion workers', async () => {
    const { reconciler, register, service, db, cluster, clock, knex } =
      await setup();
    await register('leaving');
    cluster.addStore('leaving');
    await service.beginDeletion('leaving', 'test');
    clock.advance(31 * MINUTE);

    expect(await reconciler.reconcile()).toEqual({
      interrupted: [],
      drifted: [],
      unreachable: [],
    });
    expect((await db.get('leaving')).status).toBe('deleting');
    expect(cluster.deleted).toEqual([]);
    await knex.destroy();
  });
});
