import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { Knex } from 'knex';

/**
 * The database-side form of a store permission condition.
 *
 * @public
 */
export type StoreQuery = {
  /** Lower-cased owner entity refs; the store's owner must be one of them. */
  ownerIn: string[];
};

/** Adds permission criteria (all/any/not of {@link StoreQuery}s) to a `stores` query. */
export function applyStoreCriteria(
  query: Knex.QueryBuilder,
  criteria: PermissionCriteria<StoreQuery>,
): void {
  if (isAndCriteria(criteria)) {
    query.where(q => {
      for (const c of criteria.allOf)
        q.andWhere(sub => applyStoreCriteria(sub, c));
    });
  } else if (isOrCriteria(criteria)) {
    query.where(q => {
      for (const c of criteria.anyOf)
        q.orWhere(sub => applyStoreCriteria(sub, c));
    });
  } else if (isNotCriteria(criteria)) {
    query.whereNot(q => applyStoreCriteria(q, criteria.not));
  } else if (criteria.ownerIn.length === 0) {
    query.whereRaw('1 = 0');
  } else {
    query.whereIn(
      query.client.raw('LOWER(owner)'),
      criteria.ownerIn.map(ref => ref.toLowerCase()),
    );
  }
}
