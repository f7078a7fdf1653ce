// @ts-check

/**
 * The cluster each store lives on (`storePlatform.clusters`). Stores made
 * before there could be several clusters are on the one cluster of
 * `storePlatform.kubernetes`, which is called `default`. Indexed because
 * placement counts the stores of each cluster.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('stores', table => {
    table.string('cluster', 63).notNullable().defaultTo('default');
    table.index(['cluster'], 'stores_cluster_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('stores', table => {
    table.dropIndex(['cluster'], 'stores_cluster_idx');
    table.dropColumn('cluster');
  });
};
