import Knex, { Knex as KnexType } from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/** A database the benchmark may fill, and how to throw it away. */
export interface BenchDatabase {
  name: string;
  knex: KnexType;
  dispose(): Promise<void>;
}

/** SQLite in a file, as `app-config.yaml` runs it locally (better-sqlite3, one file per plugin). */
export function sqliteDatabase(): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'store-bench-'));
  const knex = Knex({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'store-platform.sqlite') },
    useNullAsDefault: true,
  });
  return {
    name: 'SQLite (better-sqlite3, file)',
    knex,
    async dispose() {
      await knex.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on the PostgreSQL server of `$BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING`. */
export async function postgresDatabase(): Promise<BenchDatabase> {
  const url = process.env[PG_ENV];
  if (!url) {
    throw new Error(
      `${PG_ENV} is not set: start PostgreSQL with eval "$(scripts/lib/postgres.sh start)"`,
    );
  }
  const database = `store_bench_${process.pid}_${Date.now()}`;
  const admin = Knex({ client: 'pg', connection: url });
  await admin.raw('CREATE DATABASE ??', [database]);
  const target = new URL(url);
  target.pathname = `/${database}`;
  const knex = Knex({ client: 'pg', connection: target.toString() });
  const version = await knex.raw('SHOW server_version');
  return {
    name: `PostgreSQL ${version.rows[0].server_version.split(' ')[0]}`,
    knex,
    async dispose() {
      await knex.destroy();
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
      await admin.destroy();
    },
  };
}
