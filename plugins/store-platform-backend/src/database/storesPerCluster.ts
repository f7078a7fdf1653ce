import { Knex } from 'knex';

/**
 * How many stores each cluster holds: every row counts, whatever its status
 * (a deleting store still has its namespace); a deleted store has no row.
 */
export async function storesPerCluster(
  knex: Knex | Knex.Transaction,
): Promise<Map<string, number>> {
  const rows: Array<{ cluster: string; stores: number | string }> = await knex(
    'stores',
  )
    .select('cluster')
    .count({ stores: '*' })
    .groupBy('cluster');
  return new Map(rows.map(r => [r.cluster, Number(r.stores)]));
}
