// @ts-check

/**
 * Indexes that match how the store list is read (measured in
 * docs/benchmarks/store-api.md): always newest first (`created_at DESC, id`),
 * optionally by status, and by owner compared case-insensitively
 * (`LOWER(owner)`, also what permission conditions filter on). The first
 * indexes could not serve that order or that expression, so every list
 * sorted the whole table and every owner filter scanned it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    'CREATE INDEX stores_newest_first_idx ON stores (created_at DESC, id ASC)',
  );
  await knex.raw(
    'CREATE INDEX stores_status_newest_first_idx ON stores (status, created_at DESC, id ASC)',
  );
  await knex.raw(
    'CREATE INDEX stores_owner_newest_first_idx ON stores (LOWER(owner), created_at DESC, id ASC)',
  );
  await knex.schema.alterTable('stores', table => {
    table.dropIndex([], 'stores_created_at_idx');
    table.dropIndex([], 'stores_status_idx');
    table.dropIndex([], 'stores_owner_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('stores', table => {
    table.index(['status'], 'stores_status_idx');
    table.index(['owner'], 'stores_owner_idx');
    table.index(['created_at', 'id'], 'stores_created_at_idx');
  });
  await knex.raw('DROP INDEX stores_newest_first_idx');
  await knex.raw('DROP INDEX stores_status_newest_first_idx');
  await knex.raw('DROP INDEX stores_owner_newest_first_idx');
};
