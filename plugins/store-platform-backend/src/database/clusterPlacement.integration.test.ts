import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { placementRule } from '../cluster/placement';
import { migrateStoreDatabase } from './migrate';
import { StoreDatabase } from './StoreDatabase';
import { storesPerCluster } from './storesPerCluster';
import { newTestStore } from '../__testUtils__/testStores';

const ENGINES: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'];
const databases = TestDatabases.create({ ids: ENGINES, disableDocker: true });

const clusters = [
  { name: 'a', access: { kind: 'legacy' as const }, labels: {}, capacity: 1 },
  { name: 'b', access: { kind: 'legacy' as const }, labels: {}, capacity: 2 },
];

describe.each(ENGINES)('cluster placement on %s', engine => {
  it('places by free capacity counted in the registering transaction, and refuses a full cluster writing nothing', async () => {
    const knex = await databases.init(engine);
    await migrateStoreDatabase(knex);
    const db = new StoreDatabase(knex);
    const auto = () => placementRule(clusters, {});

    expect((await db.register(newTestStore('p-one'), auto())).cluster).toBe(
      'b',
    );
    expect((await db.register(newTestStore('p-two'), auto())).cluster).toBe(
      'a',
    );
    expect((await db.register(newTestStore('p-three'), auto())).cluster).toBe(
      'b',
    );
    expect(await storesPerCluster(knex)).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
    await expect(
      db.register(
        newTestStore('p-four'),
        placementRule(clusters, { cluster: 'a' }),
      ),
    ).rejects.toThrow(/cluster: a is full \(capacity 1 stores, 1 placed\)/);
    await expect(db.register(newTestStore('p-four'), auto())).rejects.toThrow(
      /every cluster that may take it is full/,
    );
    expect(await db.find('p-four')).toBeUndefined();
    // Without a placement (a single-cluster install), the store is on `default`.
    expect((await db.register(newTestStore('p-five'))).cluster).toBe('default');
    await knex.destroy();
  });
});
