import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import {
  deletionReplica,
  forever,
  storeBeingDeleted,
  testClock,
} from '../__testUtils__/deletionReplicas';
import { migrateStoreDatabase } from '../database/migrate';

// Two replicas' deletion workers over one real database (PostgreSQL from
// scripts/lib/postgres.sh, and SQLite), racing for the same deletions.
const ENGINES: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'];
const databases = TestDatabases.create({ ids: ENGINES, disableDocker: true });

const HOUR = 3_600_000;

describe.each(ENGINES)('deletions across two replicas on %s', engine => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(engine);
    await migrateStoreDatabase(knex);
  }, 60_000);

  it('runs each of 20 deletions once when both replicas start and sweep them all at once', async () => {
    const clock = testClock();
    const a = deletionReplica(knex, 'replica-a', clock);
    const b = deletionReplica(knex, 'replica-b', clock);
    const ids = Array.from({ length: 20 }, (_, i) => `both-${i}`);
    for (const id of ids) await storeBeingDeleted(a.service, id);

    await Promise.all([
      ...ids.flatMap(id => [a.worker.start(id), b.worker.start(id)]),
      a.worker.sweep(),
      b.worker.sweep(),
    ]);
    await Promise.all([a.worker.drain(), b.worker.drain()]);

    const deletedOnce = [...a.cluster.deleted, ...b.cluster.deleted].sort();
    expect(deletedOnce).toEqual([...ids].sort());
    expect(await knex('stores').whereIn('id', ids)).toEqual([]);
  });

  it("takes over a dead replica's deletion only after the bound, and runs it once more only there", async () => {
    const clock = testClock();
    const dead = deletionReplica(knex, 'replica-dead', clock, {
      heartbeatMs: HOUR,
    });
    const alive = deletionReplica(knex, 'replica-alive', clock);
    await storeBeingDeleted(dead.service, 'orphaned');
    dead.cluster.holdDeletion = forever();
    await dead.worker.start('orphaned');

    clock.advance(29_000);
    expect(await alive.worker.sweep()).toEqual([]);
    clock.advance(2_000);
    expect(await alive.worker.sweep()).toEqual(['orphaned']);
    await alive.worker.drain();

    expect(alive.cluster.deleted).toEqual(['orphaned']);
    expect(await alive.service.db.find('orphaned')).toBeUndefined();
    expect(alive.changes.map(c => c.type)).toEqual(['removed']);
  });
});
