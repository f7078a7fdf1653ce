import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  defaultSortOrder,
  Page,
  SortOrder,
  Store,
  StoreSortField,
  StoreStatus,
} from '@store-platform/plugin-store-platform-common';
import { Knex } from 'knex';
import { applyStoreCriteria, StoreQuery } from '../permissions/storeQuery';
import { rowToStore, StoreRow } from './rows';
import { decodeStoreCursor, encodeStoreCursor } from './storeCursor';

export interface ListStoresOptions {
  /** One status or any of several. */
  status?: StoreStatus | readonly StoreStatus[];
  /** Normalised entity ref; compared case-insensitively. */
  owner?: string;
  /** "Mine": the store's owner is one of these refs (the caller's ownership refs). */
  ownedBy?: readonly string[];
  /** Case-insensitive text in the id or the title. */
  search?: string;
  /** Default `createdAt`, newest first. */
  orderBy?: StoreSortField;
  order?: SortOrder;
  /** Skip this many; not with `cursor`. */
  offset?: number;
  /** A `nextCursor` of an earlier page of the same sort. */
  cursor?: string;
  limit: number;
  /** Conditions from the permission framework, already transformed. */
  filter?: PermissionCriteria<StoreQuery>;
}

/** How one sort field is sorted, read for a cursor, and compared with one. */
interface SortKey {
  /** The SQL expression the rows are ordered by (an index covers it with `id`). */
  expr: string;
  /** SQL reading its value for the cursor, exactly (PostgreSQL times as text keep microseconds). */
  read: string;
  /** The placeholder a cursor's value is bound to. */
  param: string;
}

function sortKey(orderBy: StoreSortField, postgres: boolean): SortKey {
  const plain = (expr: string) => ({ expr, read: expr, param: '?' });
  const time = (column: string) =>
    postgres
      ? {
          expr: column,
          read: `${column}::text`,
          param: 'CAST(? AS timestamptz)',
        }
      : plain(column); // SQLite keeps epoch milliseconds: read and bound as numbers
  switch (orderBy) {
    case 'id':
      return plain('id');
    case 'title':
      return plain('LOWER(title)');
    case 'status':
      return plain('status');
    case 'owner':
      return plain('LOWER(owner)');
    case 'updatedAt':
      return time('updated_at');
    case 'createdAt':
    default:
      return time('created_at');
  }
}

/** `%` and `_` are wildcards of LIKE: searched for as themselves. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, c => `!${c}`)}%`;
}

function applyFilters(query: Knex.QueryBuilder, options: ListStoresOptions) {
  const statuses = options.status === undefined ? [] : [options.status].flat();
  if (statuses.length > 0) query.whereIn('status', statuses);
  if (options.owner) {
    query.whereRaw('LOWER(owner) = ?', [options.owner.toLowerCase()]);
  }
  if (options.ownedBy) {
    applyStoreCriteria(query, { ownerIn: [...options.ownedBy] });
  }
  if (options.search) {
    const pattern = containsPattern(options.search);
    query.where(q =>
      q
        .whereRaw("LOWER(id) LIKE ? ESCAPE '!'", [pattern])
        .orWhereRaw("LOWER(title) LIKE ? ESCAPE '!'", [pattern]),
    );
  }
  if (options.filter) applyStoreCriteria(query, options.filter);
}

/**
 * One page of stores, filtered and sorted in SQL, with the total of the same
 * filters. Every sort ends with the id, so the order is total: keyset pages
 * (`cursor`) neither repeat nor skip a store, even on ties and while stores
 * are added or removed; `offset` pages are kept for page numbers.
 */
export async function listStores(
  knex: Knex,
  options: ListStoresOptions,
): Promise<Page<Store>> {
  const orderBy = options.orderBy ?? 'createdAt';
  const order = options.order ?? defaultSortOrder(orderBy);
  const key = sortKey(orderBy, knex.client.config.client === 'pg');
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  const after = options.cursor
    ? decodeStoreCursor(options.cursor, { orderBy, order })
    : undefined;

  const filtered = () => {
    const query = knex<StoreRow>('stores');
    applyFilters(query, options);
    return query;
  };
  const page = filtered()
    .select('*', knex.raw(`${key.read} AS sort_key`))
    .orderByRaw(
      orderBy === 'id'
        ? `id ${direction}`
        : `${key.expr} ${direction}, id ${direction}`,
    )
    // One more than asked: tells whether there is a next page.
    .limit(options.limit + 1);
  if (after) {
    const comparison = order === 'asc' ? '>' : '<';
    if (orderBy === 'id') page.where('id', comparison, after.id);
    else {
      page.whereRaw(`(${key.expr}, id) ${comparison} (${key.param}, ?)`, [
        after.key,
        after.id,
      ]);
    }
  }
  if (options.offset) page.offset(options.offset);

  const [rows, [{ count }]] = await Promise.all([
    page as Promise<Array<StoreRow & { sort_key: string | number }>>,
    filtered().count({ count: '*' }),
  ]);
  const shown = rows.slice(0, options.limit);
  const last = shown[shown.length - 1];
  return {
    items: shown.map(rowToStore),
    totalCount: Number(count),
    limit: options.limit,
    ...(after ? {} : { offset: options.offset ?? 0 }),
    ...(rows.length > options.limit && last
      ? {
          nextCursor: encodeStoreCursor({
            orderBy,
            order,
            key: last.sort_key,
            id: last.id,
          }),
        }
      : {}),
  };
}
