/*
 * Prints the query plans of the store list's queries on 10,000 seeded stores,
 * on SQLite and PostgreSQL: how docs/benchmarks/store-api.md and
 * docs/benchmarks/stores-page.md checked which index each query uses. The
 * SQL is what listStores generates (captured, then explained).
 *
 *   eval "$(scripts/lib/postgres.sh start)"
 *   cd plugins/store-platform-backend
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/explainListQueries.ts
 */
import { Knex } from 'knex';
import { migrateStoreDatabase } from '../src/database/migrate';
import { listStores, ListStoresOptions } from '../src/database/listStores';
import { postgresDatabase, sqliteDatabase } from './databases';
import { ownerRef, seedStores } from './seedStores';

const PAGE = { limit: 50 };
const LISTS: Array<[string, ListStoresOptions]> = [
  ['newest first', PAGE],
  ['updated, newest first', { ...PAGE, orderBy: 'updatedAt' }],
  ['by title, page after a cursor', { ...PAGE, orderBy: 'title' }],
  ['by owner, offset 9950', { ...PAGE, orderBy: 'owner', offset: 9950 }],
  [
    'status ready, updated first',
    { ...PAGE, status: 'ready', orderBy: 'updatedAt' },
  ],
  [
    'permission filter (2 owners), updated first',
    {
      ...PAGE,
      orderBy: 'updatedAt',
      filter: { anyOf: [{ ownerIn: [ownerRef(42), ownerRef(43)] }] },
    },
  ],
  [
    'mine (1 owner) and failed',
    { ...PAGE, ownedBy: [ownerRef(42)], status: 'failed' },
  ],
  ['search "store 99"', { ...PAGE, search: 'store 99' }],
];

/** The SQL listStores sends for `options` (the page and its count). */
async function capture(knex: Knex, options: ListStoresOptions) {
  const sent: Array<{ sql: string; bindings: readonly unknown[] }> = [];
  const listener = (q: { sql: string; bindings: readonly unknown[] }) =>
    sent.push(q);
  knex.on('query', listener);
  try {
    const first = await listStores(knex, options);
    if (options.orderBy === 'title') {
      sent.length = 0;
      await listStores(knex, { ...options, cursor: first.nextCursor });
    }
  } finally {
    knex.off('query', listener);
  }
  return sent;
}

/** The events carry PostgreSQL's own `$n` placeholders: explained through the driver. */
async function explainOnPostgres(
  knex: Knex,
  sql: string,
  bindings: readonly unknown[],
): Promise<string[]> {
  const connection = await knex.client.acquireConnection();
  try {
    const result = await connection.query(`EXPLAIN ANALYZE ${sql}`, bindings);
    return result.rows.map((x: any) => x['QUERY PLAN']);
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

async function main() {
  for (const open of [sqliteDatabase, postgresDatabase]) {
    const db = await open();
    await migrateStoreDatabase(db.knex);
    await seedStores(db.knex, 10000);
    await db.knex.raw('ANALYZE');
    const pg = db.name.startsWith('Postgre');
    for (const [name, options] of LISTS) {
      for (const q of await capture(db.knex, options)) {
        const plan = pg
          ? await explainOnPostgres(db.knex, q.sql, q.bindings)
          : (
              await db.knex.raw(
                `EXPLAIN QUERY PLAN ${q.sql}`,
                q.bindings as Knex.RawBinding[],
              )
            ).map((x: any) => x.detail);
        console.log(`\n## ${db.name}: ${name}\n${q.sql}`);
        console.log(plan.join('\n'));
      }
    }
    await db.dispose();
  }
}
main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
