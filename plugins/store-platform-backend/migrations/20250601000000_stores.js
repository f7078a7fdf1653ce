// @ts-check

/**
 * The store registry and its append-only history.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('stores', table => {
    table.comment('Every store the platform knows, with its current status');
    table.string('id', 40).primary().notNullable();
    table.string('title', 100).notNullable();
    table.string('engine', 20).notNullable();
    table.string('owner', 255).notNullable();
    table.string('size', 10).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('url', 255).notNullable();
    table.string('status', 20).notNullable();
    table.text('status_message').nullable();
    table.string('task_id', 200).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['status'], 'stores_status_idx');
    table.index(['owner'], 'stores_owner_idx');
    table.index(['created_at', 'id'], 'stores_created_at_idx');
  });

  await knex.schema.createTable('store_events', table => {
    table.comment('Append-only history: every transition of every store');
    table.bigIncrements('id').primary();
    table.string('store_id', 40).notNullable();
    table.string('from_status', 20).nullable();
    table.string('to_status', 20).notNullable();
    table.text('message').nullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(['store_id', 'id'], 'store_events_store_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('store_events');
  await knex.schema.dropTable('stores');
};
