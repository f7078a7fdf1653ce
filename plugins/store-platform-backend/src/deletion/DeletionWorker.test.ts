import Knex from 'knex';
import { inMemoryStoreKnex } from '../__testUtils__/inMemoryStores';
import {
  deletionReplica,
  forever,
  storeBeingDeleted,
  testClock,
} from '../__testUtils__/deletionReplicas';
import { toIso } from '../database/rows';

const HOUR = 3_600_000;

async function eventually(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise(r => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('DeletionWorker', () => {
  let knex: Knex.Knex;
  beforeEach(async () => {
    knex = await inMemoryStoreKnex();
  });
  afterEach(async () => {
    await knex.destroy();
  });

  it('runs the deletion it claims, records the replica in the history, and removes the store', async () => {
    const clock = testClock();
    const a = deletionReplica(knex, 'replica-a', clock);
    await storeBeingDeleted(a.service, 'shop');
    a.cluster.addStore('shop');
    let release!: () => void;
    a.cluster.holdDeletion = new Promise(r => (release = r));

    expect(await a.worker.start('shop')).toBe(true);
    expect(await a.service.db.deletionClaims.holder('shop')).toBe('replica-a');
    expect((await a.service.db.events('shop')).map(e => e.message)).toEqual([
      'registered',
      'deletion requested by test',
      'deletion run by replica replica-a',
    ]);
    release();
    await a.worker.drain();
    expect(a.cluster.deleted).toEqual(['shop']);
    expect(await a.service.db.find('shop')).toBeUndefined();
    expect(a.changes.map(c => c.type)).toEqual([
      'upserted',
      'upserted',
      'removed',
    ]);
  });

  it('lets exactly one of two replicas run a deletion both try to start', async () => {
    const clock = testClock();
    const a = deletionReplica(knex, 'replica-a', clock);
    const b = deletionReplica(knex, 'replica-b', clock);
    await storeBeingDeleted(a.service, 'shop');
    let release!: () => void;
    const held = new Promise<void>(r => (release = r));
    a.cluster.holdDeletion = held;
    b.cluster.holdDeletion = held;

    await Promise.all([
      a.worker.start('shop'),
      b.worker.start('shop'),
      a.worker.sweep(),
      b.worker.sweep(),
    ]);
    const runs = (await a.service.db.events('shop')).filter(e =>
      e.message?.startsWith('deletion run by'),
    );
    expect(runs).toHaveLength(1);
    release();
    await a.worker.drain();
    await b.worker.drain();

    expect([...a.cluster.deleted, ...b.cluster.deleted]).toEqual(['shop']);
    expect(await a.service.db.find('shop')).toBeUndefined();
  });

  it("leaves a live replica's deletion alone, however long it takes", async () => {
    const clock = testClock();
    const a = deletionReplica(knex, 'replica-a', clock);
    const b = deletionReplica(knex, 'replica-b', clock);
    await storeBeingDeleted(a.service, 'slow');
    a.cluster.holdDeletion = forever();
    await a.worker.start('slow');

    const db = knex;
    const lastBeat = async () => {
      const row = await db('stores').where({ id: 'slow' }).first();
      return new Date(toIso(row.deletion_heartbeat_at)).getTime();
    };
    // Ten minutes pass; replica a keeps beating every 20 ms of real time.
    for (let i = 0; i < 20; i++) {
      clock.advance(30_000);
      const beat = clock.now().getTime();
      await eventually(async () => (await lastBeat()) >= beat, 'a heartbeat');
      expect(await b.worker.sweep()).toEqual([]);
    }
    expect(await b.service.db.deletionClaims.holder('slow')).toBe('replica-a');
    await a.worker.stop();
  });

  it("takes over a dead replica's deletion after the bound, and the dead one can no longer fail it", async () => {
    const clock = testClock();
    // Replica a dies mid-deletion: it never beats again.
    const a = deletionReplica(knex, 'replica-a', clock, { heartbeatMs: HOUR });
    const b = deletionReplica(knex, 'replica-b', clock);
    await storeBeingDeleted(a.service, 'orphan');
    let failA!: () => void;
    a.cluster.holdDeletion = new Promise(r => (failA = r));
    a.cluster.failDeletion = 'connection reset';
    expect(await a.worker.start('orphan')).toBe(true);

    clock.advance(30_000); // exactly the bound: not yet stale
    expect(await b.worker.sweep()).toEqual([]);
    clock.advance(1);
    b.cluster.addStore('orphan');
    let releaseB!: () => void;
    b.cluster.holdDeletion = new Promise(r => (releaseB = r));
    expect(await b.worker.sweep()).toEqual(['orphan']);
    const claims = b.service.db.deletionClaims;
    expect(await claims.holder('orphan')).toBe('replica-b');
    expect((await b.service.db.events('orphan')).at(-1)?.message).toBe(
      'deletion taken over by replica replica-b: replica replica-a sent no heartbeat since 2026-12-02T10:00:00.000Z',
    );

    // The stalled replica wakes up and fails: not its deletion any more.
    expect(await claims.heartbeat('orphan', 'replica-a')).toBe(false);
    failA();
    await a.worker.drain();
    expect((await b.service.db.get('orphan')).status).toBe('deleting');

    releaseB();
    await b.worker.drain();
    expect(b.cluster.deleted).toEqual(['orphan']);
    expect(await b.service.db.find('orphan')).toBeUndefined();
  });

  it('stops a replica whose claim was taken over at its next heartbeat', async () => {
    const clock = testClock();
    const a = deletionReplica(knex, 'replica-a', clock);
    await storeBeingDeleted(a.service, 'stolen');
    a.cluster.holdDeletion = forever();
    await a.worker.start('stolen');
    const signal = a.cluster.deleteSignals.get('stolen');
    // Another replica's stale view won the compare-and-set (e.g. clocks apart).
    await knex('stores')
      .where({ id: 'stolen' })
      .update({ deletion_claimed_by: 'replica-b' });
    await eventually(async () => signal?.aborted === true, 'the abort');
    expect((await a.service.db.get('stolen')).status).toBe('deleting');
  });

  it('marks the store failed with the reason when its deletion fails, and a second DELETE runs again', async () => {
    const clock = testClock();
    const a = deletionReplica(knex, 'replica-a', clock);
    await storeBeingDeleted(a.service, 'stuck');
    a.cluster.failDeletion = 'namespace store-stuck is stuck terminating';
    await a.worker.start('stuck');
    await a.worker.drain();
    const failed = await a.service.db.get('stuck');
    expect(failed.status).toBe('failed');
    expect(failed.statusMessage).toBe(
      'deletion failed: namespace store-stuck is stuck terminating',
    );
    expect(await a.service.db.deletionClaims.holder('stuck')).toBeUndefined();

    a.cluster.failDeletion = undefined;
    await a.service.beginDeletion('stuck', 'again');
    await a.worker.start('stuck');
    await a.worker.drain();
    expect(await a.service.db.find('stuck')).toBeUndefined();
  });

  it('hands its deletions over on shutdown, so another replica resumes them at once', async () => {
    const clock = testClock();
    const a = deletionReplica(knex, 'replica-a', clock);
    const b = deletionReplica(knex, 'replica-b', clock);
    await storeBeingDeleted(a.service, 'handed');
    a.cluster.holdDeletion = forever();
    await a.worker.start('handed');
    await a.worker.stop();

    expect(await b.worker.sweep()).toEqual(['handed']);
    await b.worker.drain();
    expect(await b.service.db.find('handed')).toBeUndefined();
    expect(a.cluster.deleted).toEqual([]);
  });

  it('completes a deletion left behind by a restart whose namespace is already gone', async () => {
    const clock = testClock();
    const a = deletionReplica(knex, 'replica-a', clock);
    await storeBeingDeleted(a.service, 'gone');
    // No claim was ever taken (the replica died between the row and the claim).
    expect(await a.worker.sweep()).toEqual(['gone']);
    await a.worker.drain();
    expect(await a.service.db.find('gone')).toBeUndefined();
  });
});
