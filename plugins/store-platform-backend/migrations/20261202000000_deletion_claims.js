// @ts-check

/**
 * Deletion claims: the replica running a store's deletion and its heartbeat,
 * shaped like the operation lease (holder, taken at, heartbeat at), so that
 * N replicas never run one deletion twice and a dead replica's deletion is
 * taken over once its heartbeat is stale. The operation lease columns stay
 * the scaffolder task's: a store in `deleting` has no operation, and a claim
 * is held by a backend replica, not by a task.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('stores', table => {
    table.string('deletion_claimed_by', 200).nullable();
    table.timestamp('deletion_claimed_at', { useTz: true }).nullable();
    table.timestamp('deletion_heartbeat_at', { useTz: true }).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('stores', table => {
    table.dropColumn('deletion_claimed_by');
    table.dropColumn('deletion_claimed_at');
    table.dropColumn('deletion_heartbeat_at');
  });
};
