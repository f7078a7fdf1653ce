import { mockServices } from '@backstage/backend-test-utils';
import Knex from 'knex';
import { migrateStoreDatabase } from '../database/migrate';
import { StoreDatabase } from '../database/StoreDatabase';
import { StoreChange } from '../events/storeChanges';
import { StoreService } from '../service/StoreService';

/** The store tables, migrated, in an in-memory SQLite database (destroy it after the test). */
export async function inMemoryStoreKnex(): Promise<Knex.Knex> {
  const knex = Knex({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  await migrateStoreDatabase(knex);
  return knex;
}

/**
 * A StoreService over `knex` reading the time from `now`, as the plugin wires it, with the
 * changes it publishes kept in `changes` and a mock logger.
 */
export function recordingStoreService(knex: Knex.Knex, now?: () => Date) {
  const db = new StoreDatabase(knex, now);
  const changes: StoreChange[] = [];
  const logger = mockServices.logger.mock();
  const service = new StoreService(
    db,
    { publish: async c => void changes.push(c) },
    logger,
  );
  return { db, service, changes, logger };
}
