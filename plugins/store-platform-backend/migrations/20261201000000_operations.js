// @ts-check

/**
 * Day-two operations: the operation in flight (a lease its task keeps fresh),
 * the last one's outcome, the images a store runs, and which operation and task
 * each history entry records.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('stores', table => {
    table.text('images').nullable().comment('JSON: image by role');
    table.string('operation', 20).nullable();
    table.string('operation_task_id', 200).nullable();
    table.timestamp('operation_started_at', { useTz: true }).nullable();
    table.timestamp('operation_heartbeat_at', { useTz: true }).nullable();
    table.text('last_operation').nullable().comment('JSON: OperationRecord');
  });
  await knex.schema.alterTable('store_events', table => {
    table.string('operation', 20).nullable();
    table.string('task_id', 200).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('store_events', table => {
    table.dropColumn('operation');
    table.dropColumn('task_id');
  });
  await knex.schema.alterTable('stores', table => {
    table.dropColumn('images');
    table.dropColumn('operation');
    table.dropColumn('operation_task_id');
    table.dropColumn('operation_started_at');
    table.dropColumn('operation_heartbeat_at');
    table.dropColumn('last_operation');
  });
};
