/*
 * Prints the query plans of the store list's queries on 10,000 seeded stores,
 * on SQLite and PostgreSQL: how docs/benchmarks/store-api.md checked which
 * index each query uses.
 *
 *   eval "$(scripts/lib/postgres.sh start)"
 *   cd plugins/store-platform-backend
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/explainListQueries.ts
 */
import { migrateStoreDatabase } from '../src/database/migrate';
import { postgresDatabase, sqliteDatabase } from './databases';
import { seedStores } from './seedStores';

const QUERIES = [
  `SELECT * FROM stores ORDER BY created_at DESC, id ASC LIMIT 50 OFFSET 0`,
  `SELECT * FROM stores ORDER BY created_at DESC, id ASC LIMIT 50 OFFSET 9950`,
  `SELECT * FROM stores WHERE LOWER(owner) = 'group:default/team-042' ORDER BY created_at DESC, id ASC LIMIT 50`,
  `SELECT count(*) FROM stores WHERE LOWER(owner) = 'group:default/team-042'`,
  `SELECT * FROM stores WHERE status = 'ready' ORDER BY created_at DESC, id ASC LIMIT 50 OFFSET 6950`,
];
async function main() {
  for (const open of [sqliteDatabase, postgresDatabase]) {
    const db = await open();
    await migrateStoreDatabase(db.knex);
    await seedStores(db.knex, 10000);
    await db.knex.raw('ANALYZE');
    for (const q of QUERIES) {
      const pg = db.name.startsWith('Postgre');
      const r = await db.knex.raw(
        pg ? `EXPLAIN ANALYZE ${q}` : `EXPLAIN QUERY PLAN ${q}`,
      );
      console.log(`\n## ${db.name}: ${q}`);
      console.log(
        (pg
          ? r.rows.map((x: any) => x['QUERY PLAN'])
          : r.map((x: any) => x.detail)
        ).join('\n'),
      );
    }
    await db.dispose();
  }
}
main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
