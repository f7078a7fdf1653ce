import Knex, { Knex as KnexType } from 'knex';
import { migrateStoreDatabase } from '../src/database/migrate';
import { seedStores } from './seedStores';

/**
 * Creates the database `name` on the PostgreSQL server of `url`, migrates it
 * to the plugin's schema, seeds `count` stores (see seedStores) and runs
 * `adjust` on it before its statistics are taken: a registry a backend can
 * be started on (other benchmarks seed before they start it). Returns the
 * server's version.
 */
export async function seededPostgresDatabase(options: {
  url: string;
  name: string;
  count: number;
  adjust?: (knex: KnexType) => Promise<void>;
}): Promise<string> {
  const admin = Knex({ client: 'pg', connection: options.url });
  try {
    await admin.raw('CREATE DATABASE ??', [options.name]);
  } finally {
    await admin.destroy();
  }
  const target = new URL(options.url);
  target.pathname = `/${options.name}`;
  const knex = Knex({ client: 'pg', connection: target.toString() });
  try {
    await migrateStoreDatabase(knex);
    await seedStores(knex, options.count);
    await options.adjust?.(knex);
    await knex.raw('ANALYZE');
    const version = await knex.raw('SHOW server_version');
    return String(version.rows[0].server_version).split(' ')[0];
  } finally {
    await knex.destroy();
  }
}

/** Drops every database on the server whose name starts with `prefix`. */
export async function dropDatabasesWithPrefix(
  url: string,
  prefix: string,
): Promise<void> {
  const admin = Knex({ client: 'pg', connection: url });
  try {
    const { rows } = await admin.raw(
      'SELECT datname FROM pg_database WHERE datname LIKE ?',
      [`${prefix.replace(/[\\%_]/g, c => `\\${c}`)}%`],
    );
    for (const { datname } of rows) {
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
    }
  } finally {
    await admin.destroy();
  }
}
