import { z } from 'zod';
import { ownerRefSchema } from './api';
import { STORE_STATUSES, StoreStatus } from './status';
import { Page, Store } from './types';

/**
 * `GET /stores`: one page of the stores the caller may read, filtered and
 * sorted by the server. Counts and pages are computed after the permission
 * filter, so `totalCount` is what this caller may see.
 */

/**
 * Stores per page unless `limit` says otherwise.
 *
 * @public
 */
export const DEFAULT_PAGE_SIZE = 50;
/**
 * The largest `limit` the server accepts.
 *
 * @public
 */
export const MAX_PAGE_SIZE = 200;
/**
 * The longest text search (`q`) the server accepts.
 *
 * @public
 */
export const MAX_STORE_SEARCH_LENGTH = 100;

/**
 * What the list can be sorted by; every sort ends with the store id, so pages are stable.
 *
 * @public
 */
export const STORE_SORT_FIELDS = [
  'id',
  'title',
  'status',
  'owner',
  'updatedAt',
  'createdAt',
] as const;
/**
 * A field the stores list sorts by: one of {@link STORE_SORT_FIELDS}.
 *
 * @public
 */
export type StoreSortField = (typeof STORE_SORT_FIELDS)[number];
/**
 * Ascending or descending.
 *
 * @public
 */
export type SortOrder = 'asc' | 'desc';

/**
 * Newest first for times, A to Z for the rest.
 *
 * @public
 */
export function defaultSortOrder(orderBy: StoreSortField): SortOrder {
  return orderBy === 'createdAt' || orderBy === 'updatedAt' ? 'desc' : 'asc';
}

/**
 * What a client may ask of `GET /stores`; every field optional.
 *
 * @public
 */
export interface ListStoresQuery {
  /** One status, or several (sent as `status=a&status=b`). */
  status?: StoreStatus | readonly StoreStatus[];
  /** Owner entity ref, compared case-insensitively. */
  owner?: string;
  /** Only stores owned by the caller: their user entity or one of their groups. */
  mine?: boolean;
  /** Case-insensitive text found in the store's id or title. */
  q?: string;
  /** Default `createdAt`. */
  orderBy?: StoreSortField;
  /** Default: {@link defaultSortOrder} of `orderBy`. */
  order?: SortOrder;
  /** 1..{@link MAX_PAGE_SIZE}, default {@link DEFAULT_PAGE_SIZE}. */
  limit?: number;
  /** Skip this many stores (page numbers); not with `cursor`. */
  offset?: number;
  /** `nextCursor` of the previous page, for the page after it (stable while stores come and go). */
  cursor?: string;
}

/**
 * A page of `GET /stores`: `totalCount` counts what this caller may read, on every page.
 *
 * @public
 */
export type StorePage = Page<Store>;

/**
 * The query string of a {@link ListStoresQuery}; several statuses repeat the key.
 *
 * @public
 */
export function listStoresSearchParams(
  query: ListStoresQuery,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const one of values) params.append(key, String(one));
  }
  return params;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udfff]/u;

const STATUS_LIST_MESSAGE = `must be one of ${STORE_STATUSES.join(
  ', ',
)}; repeat the parameter for several (status=ready&status=failed)`;

const statusListSchema = z
  .union([z.string(), z.array(z.string())], { error: STATUS_LIST_MESSAGE })
  .transform((value, ctx) => {
    const list = typeof value === 'string' ? [value] : value;
    if (
      list.length === 0 ||
      !list.every(s => (STORE_STATUSES as readonly string[]).includes(s))
    ) {
      ctx.addIssue({ code: 'custom', message: STATUS_LIST_MESSAGE });
      return z.NEVER;
    }
    return [...new Set(list)] as StoreStatus[];
  });

const searchSchema = z
  .string({ error: 'must be text, given once' })
  .max(
    MAX_STORE_SEARCH_LENGTH,
    `must be at most ${MAX_STORE_SEARCH_LENGTH} characters`,
  )
  .refine(
    v => !CONTROL_CHARACTERS.test(v),
    'must not contain control characters',
  )
  .refine(v => !LONE_SURROGATE.test(v), 'must be valid Unicode text')
  // An empty search box searches for nothing: no filter.
  .transform(v => v.trim() || undefined);

/**
 * Validates the query of `GET /stores`; the server answers 400 naming the parameter.
 *
 * @public
 */
export const listStoresQuerySchema = z
  .strictObject({
    status: statusListSchema.optional(),
    owner: ownerRefSchema.optional(),
    mine: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .transform(v => v === 'true')
      .optional(),
    q: searchSchema.optional(),
    orderBy: z
      .enum(STORE_SORT_FIELDS, {
        error: `must be one of ${STORE_SORT_FIELDS.join(', ')}`,
      })
      .default('createdAt'),
    order: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).optional(),
    limit: z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
      .default(DEFAULT_PAGE_SIZE),
    offset: z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(0, 'must not be negative')
      .optional(),
    cursor: z
      .string({ error: 'must be the nextCursor of a page, given once' })
      .regex(/^[A-Za-z0-9_-]{1,1024}$/, 'must be the nextCursor of a page')
      .optional(),
  })
  .superRefine((query, ctx) => {
    if (query.cursor !== undefined && query.offset !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['offset'],
        message:
          'cannot be combined with cursor, which already says where the page starts',
      });
    }
  })
  .transform(query => ({
    ...query,
    order: query.order ?? defaultSortOrder(query.orderBy),
  }));

/**
 * A validated `GET /stores` query, defaults filled in.
 *
 * @public
 */
export type ParsedListStoresQuery = z.output<typeof listStoresQuerySchema>;
