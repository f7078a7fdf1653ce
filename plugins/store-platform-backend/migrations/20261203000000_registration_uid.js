// @ts-check

/**
 * Registration uids: each registration of a store id gets a uid, labelled on
 * its namespace, so a namespace left by an earlier registration of the same
 * id is never taken for the new one. `store_ended_registrations` remembers
 * the registrations that ended (their store was deleted) for a while, so the
 * leftover sweep can remove a namespace labelled with one of them: a
 * namespace a provisioning step created after its store's deletion began.
 * Stores registered before this migration keep a null uid.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('stores', table => {
    table.string('registration_uid', 36).nullable();
  });
  await knex.schema.createTable('store_ended_registrations', table => {
    table.string('registration_uid', 36).primary();
    table.string('store_id', 63).notNullable();
    table.timestamp('ended_at', { useTz: true }).notNullable().index();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('store_ended_registrations');
  await knex.schema.alterTable('stores', table => {
    table.dropColumn('registration_uid');
  });
};
