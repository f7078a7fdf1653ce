// @ts-check

/**
 * Indexes for the stores page (GET /stores sorted by any of its columns,
 * measured in docs/benchmarks/stores-page.md). Every sort ends with the id,
 * in the same direction, so that a keyset cursor `(key, id) > (?, ?)` is one
 * range of one index, walked forwards or backwards. The indexes of
 * 20250701000000 ordered `created_at DESC, id ASC`, a mixed order no row
 * comparison can use: they are replaced by same-direction ones. Status and
 * owner (also what permission conditions and "mine" filter on) keep a
 * newest-first index each for their filtered default list.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw('DROP INDEX stores_newest_first_idx');
  await knex.raw('DROP INDEX stores_status_newest_first_idx');
  await knex.raw('DROP INDEX stores_owner_newest_first_idx');
  for (const [name, columns] of [
    ['stores_created_idx', 'created_at, id'],
    ['stores_updated_idx', 'updated_at, id'],
    ['stores_title_idx', 'LOWER(title), id'],
    ['stores_status_idx', 'status, id'],
    ['stores_owner_idx', 'LOWER(owner), id'],
    ['stores_status_created_idx', 'status, created_at, id'],
    ['stores_owner_created_idx', 'LOWER(owner), created_at, id'],
  ]) {
    await knex.raw(`CREATE INDEX ${name} ON stores (${columns})`);
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const name of [
    'stores_created_idx',
    'stores_updated_idx',
    'stores_title_idx',
    'stores_status_idx',
    'stores_owner_idx',
    'stores_status_created_idx',
    'stores_owner_created_idx',
  ]) {
    await knex.raw(`DROP INDEX ${name}`);
  }
  await knex.raw(
    'CREATE INDEX stores_newest_first_idx ON stores (created_at DESC, id ASC)',
  );
  await knex.raw(
    'CREATE INDEX stores_status_newest_first_idx ON stores (status, created_at DESC, id ASC)',
  );
  await knex.raw(
    'CREATE INDEX stores_owner_newest_first_idx ON stores (LOWER(owner), created_at DESC, id ASC)',
  );
};
