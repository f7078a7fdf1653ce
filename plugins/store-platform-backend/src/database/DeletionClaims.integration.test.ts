import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { migrateStoreDatabase } from './migrate';
import { StoreDatabase } from './StoreDatabase';
import { newTestStore } from '../__testUtils__/testStores';

// Both engines, always (PostgreSQL from scripts/lib/postgres.sh), as the registry's own suite.
const ENGINES: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'];
const databases = TestDatabases.create({ ids: ENGINES, disableDocker: true });

const BOUND_MS = 30_000;

describe.each(ENGINES)('deletion claims on %s', engine => {
  let knex: Knex;
  let clock: Date;
  /** Two replicas' registries over the one database, reading one clock. */
  let a: StoreDatabase;
  let b: StoreDatabase;
  const tick = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  const staleBefore = () => new Date(clock.getTime() - BOUND_MS);

  beforeAll(async () => {
    knex = await databases.init(engine);
    await migrateStoreDatabase(knex);
    clock = new Date('2026-12-02T10:00:00.000Z');
    a = new StoreDatabase(knex, () => clock);
    b = new StoreDatabase(knex, () => clock);
  }, 60_000);

  async function deleting(id: string) {
    await a.register(newTestStore(id));
    await a.transition(id, 'deleting', { message: 'bye' });
  }

  it('gives each deletion to exactly one of many racing claims', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `race-${i}`);
    for (const id of ids) await deleting(id);

    const attempts = ids.flatMap(id =>
      [a, b, a, b].map((db, i) =>
        db.deletionClaims
          .claim(id, `replica-${i % 2 ? 'b' : 'a'}`, staleBefore())
          .then(claim => claim && id),
      ),
    );
    const won = (await Promise.all(attempts)).filter(Boolean);

    expect([...won].sort()).toEqual(ids);
    for (const id of ids) {
      const runs = (await a.events(id)).filter(e =>
        e.message?.startsWith('deletion run by replica'),
      );
      expect(runs).toHaveLength(1);
    }
  });

  it('keeps a claim while it beats, hands it over once silent past the bound, and records who took over', async () => {
    await deleting('beat');
    expect(
      await a.deletionClaims.claim('beat', 'replica-a', staleBefore()),
    ).toEqual({ storeId: 'beat', replica: 'replica-a' });
    expect(await a.deletionClaims.listClaimable(staleBefore())).not.toContain(
      'beat',
    );

    tick(25_000);
    expect(await a.deletionClaims.heartbeat('beat', 'replica-a')).toBe(true);
    tick(25_000); // 50 s since the claim, 25 s since the beat
    expect(
      await b.deletionClaims.claim('beat', 'replica-b', staleBefore()),
    ).toBeUndefined();

    tick(5_001); // the last beat is now older than the bound
    expect(await b.deletionClaims.listClaimable(staleBefore())).toContain(
      'beat',
    );
    expect(
      await b.deletionClaims.claim('beat', 'replica-b', staleBefore()),
    ).toEqual({
      storeId: 'beat',
      replica: 'replica-b',
      tookOverFrom: 'replica-a',
    });
    expect(await a.deletionClaims.heartbeat('beat', 'replica-a')).toBe(false);
    expect(await a.deletionClaims.holder('beat')).toBe('replica-b');
    expect((await a.events('beat')).map(e => e.message).slice(-2)).toEqual([
      'deletion run by replica replica-a',
      'deletion taken over by replica replica-b: replica replica-a sent no heartbeat since 2026-12-02T10:00:25.000Z',
    ]);
  });

  it('lets only the holder fail a deletion, and frees the claim when it does', async () => {
    await deleting('fail');
    await a.deletionClaims.claim('fail', 'replica-a', staleBefore());
    expect(
      await b.deletionClaims.fail('fail', 'replica-b', 'deletion failed: x'),
    ).toBeUndefined();
    expect((await a.get('fail')).status).toBe('deleting');

    const failed = await a.deletionClaims.fail(
      'fail',
      'replica-a',
      'deletion failed: namespace stuck',
    );
    expect(failed).toMatchObject({
      status: 'failed',
      statusMessage: 'deletion failed: namespace stuck',
    });
    expect(await a.deletionClaims.holder('fail')).toBeUndefined();
    expect((await a.events('fail')).at(-1)).toMatchObject({
      from: 'deleting',
      to: 'failed',
      message: 'deletion failed: namespace stuck',
    });

    // A second DELETE starts unclaimed.
    await a.transition('fail', 'deleting', { message: 'again' });
    expect(await b.deletionClaims.listClaimable(staleBefore())).toContain(
      'fail',
    );
  });

  it('frees a released claim for the next sweep at once, and claims nothing that is not deleting', async () => {
    await deleting('released');
    await a.deletionClaims.claim('released', 'replica-a', staleBefore());
    await a.deletionClaims.release('released', 'replica-a');
    expect(
      await b.deletionClaims.claim('released', 'replica-b', staleBefore()),
    ).toMatchObject({ replica: 'replica-b' });
    expect(
      (await a.events('released')).filter(e =>
        e.message?.startsWith('deletion run by replica'),
      ),
    ).toHaveLength(2);

    await a.register({
      id: 'alive',
      title: 'alive',
      engine: 'woocommerce',
      owner: 'group:default/shop',
      size: 'small',
      namespace: 'store-alive',
      url: 'http://alive.localhost',
    });
    expect(
      await a.deletionClaims.claim('alive', 'replica-a', staleBefore()),
    ).toBeUndefined();
    expect(
      await a.deletionClaims.claim('no-such', 'replica-a', staleBefore()),
    ).toBeUndefined();
  });
});
