import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const MIGRATIONS_DIR = resolvePackagePath(
  '@store-platform/plugin-store-platform-backend',
  'migrations',
);

/** Brings the plugin's schema up to date; safe to run on every start. */
export async function migrateStoreDatabase(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: MIGRATIONS_DIR,
    tableName: 'store_platform_knex_migrations',
  });
}
