import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { canTransition } from '@store-platform/plugin-store-platform-common';
import { migrateStoreDatabase } from './migrate';
import { NewStore, StoreDatabase } from './StoreDatabase';
import { newTestStore } from '../__testUtils__/testStores';

// Both engines, always: PostgreSQL comes from scripts/lib/postgres.sh. Without
// its connection string `init` throws, so a missing server fails the run
// instead of skipping it.
const ENGINES: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'];
const databases = TestDatabases.create({ ids: ENGINES, disableDocker: true });

function newStore(id: string, owner = 'group:default/shop'): NewStore {
  return newTestStore(id, { owner });
}

describe.each(ENGINES)('StoreDatabase on %s', engine => {
  let db: StoreDatabase;
  let clock: Date;

  beforeAll(async () => {
    const knex = await databases.init(engine);
    await migrateStoreDatabase(knex);
    await migrateStoreDatabase(knex); // idempotent
    clock = new Date('2025-06-01T10:00:00.000Z');
    db = new StoreDatabase(knex, () => clock);
  }, 60_000);

  it('registers, reads and lists stores with exact timestamps', async () => {
    const store = await db.register({ ...newStore('reg-one'), taskId: 't-1' });
    expect(store).toEqual({
      ...newStore('reg-one'),
      cluster: 'default',
      registrationUid: expect.any(String),
      status: 'pending',
      taskId: 't-1',
      createdAt: '2025-06-01T10:00:00.000Z',
      updatedAt: '2025-06-01T10:00:00.000Z',
    });
    expect(await db.get('reg-one')).toEqual(store);
    await expect(db.register(newStore('reg-one'))).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(db.get('nope-nope')).rejects.toBeInstanceOf(NotFoundError);
    expect(await db.findMany(['reg-one', 'nope-nope'])).toEqual([
      store,
      undefined,
    ]);
  });

  it('refuses illegal transitions and keeps state and history unchanged', async () => {
    await db.register(newStore('illegal'));
    await expect(db.transition('illegal', 'ready')).rejects.toThrow(
      'a store cannot go from pending to ready',
    );
    expect((await db.get('illegal')).status).toBe('pending');
    expect(await db.events('illegal')).toHaveLength(1);
  });

  it('loses no event when many updates race on one store', async () => {
    await db.register(newStore('racy'));
    await db.transition('racy', 'provisioning');
    await db.transition('racy', 'failed', { message: 'first try' });
    // Ten retries at once: exactly one may take failed -> provisioning.
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => db.transition('racy', 'provisioning')),
    );
    const won = results.filter(r => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const losers = results.flatMap(r =>
      r.status === 'rejected' ? [r.reason] : [],
    );
    expect(losers).toHaveLength(9);
    expect(losers.every(e => e instanceof ConflictError)).toBe(true);
    // Ready and failed at once, both from provisioning: one wins, and the
    // history stays a chain.
    await Promise.allSettled([
      db.transition('racy', 'ready', { expectedFrom: ['provisioning'] }),
      db.transition('racy', 'failed', { expectedFrom: ['provisioning'] }),
    ]);
    const events = await db.events('racy');
    expect(events).toHaveLength(5);
    for (let i = 1; i < events.length; i++) {
      expect(events[i].from).toBe(events[i - 1].to);
      expect(canTransition(events[i].from!, events[i].to)).toBe(true);
    }
    expect((await db.get('racy')).status).toBe(events[4].to);
  });

  it('filters by status and owner case-insensitively, and pages newest first', async () => {
    for (let i = 0; i < 5; i++) {
      clock = new Date(Date.UTC(2025, 5, 2, 0, i));
      await db.register(
        newStore(
          `page-${i}`,
          i % 2 ? 'group:default/Odd' : 'group:default/even',
        ),
      );
    }
    const odd = await db.list({
      owner: 'group:default/odd',
      offset: 0,
      limit: 10,
    });
    expect(odd.items.map(s => s.id)).toEqual(['page-3', 'page-1']);
    const first = await db.list({ offset: 0, limit: 2, status: 'pending' });
    expect(first.items.map(s => s.id)).toEqual(['page-4', 'page-3']);
    expect(first.totalCount).toBeGreaterThanOrEqual(5);
    const filtered = await db.list({
      offset: 0,
      limit: 10,
      filter: { anyOf: [{ ownerIn: ['group:default/even'] }] },
    });
    expect(filtered.items.map(s => s.id).sort()).toEqual([
      'page-0',
      'page-2',
      'page-4',
    ]);
    const none = await db.list({
      offset: 0,
      limit: 10,
      filter: { ownerIn: [] },
    });
    expect(none.totalCount).toBe(0);
  });

  it('finds stores unchanged since a time, for the reconciler', async () => {
    clock = new Date('2025-06-03T00:00:00.000Z');
    await db.register(newStore('old-pending'));
    clock = new Date('2025-06-03T01:00:00.000Z');
    await db.register(newStore('new-pending'));
    const stale = await db.listUnchangedSince(
      ['pending', 'provisioning'],
      new Date('2025-06-03T00:30:00.000Z'),
    );
    expect(stale.map(s => s.id)).toContain('old-pending');
    expect(stale.map(s => s.id)).not.toContain('new-pending');
  });

  it('removes only deleted stores, with their history, freeing the id', async () => {
    await db.register(newStore('going'));
    expect(await db.remove('going')).toBeUndefined(); // not deleting yet
    await db.transition('going', 'deleting');
    expect((await db.remove('going'))?.id).toBe('going');
    expect(await db.find('going')).toBeUndefined();
    const again = await db.register(newStore('going'));
    expect(again.status).toBe('pending');
    expect(await db.events('going')).toHaveLength(1);
  });

  it('sets a drift message on a ready store without a transition', async () => {
    await db.register(newStore('drifty'));
    await db.transition('drifty', 'provisioning');
    await db.transition('drifty', 'ready');
    expect(
      await db.setStatusMessage('drifty', 'ready', 'drift: gone'),
    ).toMatchObject({
      statusMessage: 'drift: gone',
    });
    expect(
      await db.setStatusMessage('drifty', 'ready', 'drift: gone'),
    ).toBeUndefined();
    expect(await db.setStatusMessage('drifty', 'failed', 'x')).toBeUndefined();
    expect(await db.events('drifty')).toHaveLength(3);
  });
});
