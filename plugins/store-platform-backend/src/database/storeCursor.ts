import { InputError } from '@backstage/errors';
import {
  SortOrder,
  StoreSortField,
} from '@store-platform/plugin-store-platform-common';

/**
 * Where a page ends, for keyset paging: the sort it belongs to, the last
 * store's sort key as the database read it, and its id (the tie-breaker).
 * Clients see it as an opaque string and hand it back as `cursor`.
 */
export interface StoreCursor {
  orderBy: StoreSortField;
  order: SortOrder;
  /** The sort key's value, exactly as read from the database (text or epoch ms). */
  key: string | number;
  id: string;
}

export function encodeStoreCursor(cursor: StoreCursor): string {
  const { orderBy: o, order: d, key: k, id: i } = cursor;
  return Buffer.from(JSON.stringify({ o, d, k, i }), 'utf8').toString(
    'base64url',
  );
}

const refusal = (why: string) =>
  new InputError(`Invalid query: cursor: ${why}; ask again without cursor`);

/**
 * Reads a cursor back; refuses (400 naming `cursor`) one that is malformed or
 * was made for another sort, which would start the page at a wrong place.
 */
export function decodeStoreCursor(
  text: string,
  expected: { orderBy: StoreSortField; order: SortOrder },
): StoreCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw refusal('is not a nextCursor of this API');
  }
  const { o, d, k, i } = (parsed ?? {}) as Record<string, unknown>;
  if (
    typeof i !== 'string' ||
    !(typeof k === 'string' || (typeof k === 'number' && Number.isFinite(k)))
  ) {
    throw refusal('is not a nextCursor of this API');
  }
  if (o !== expected.orderBy || d !== expected.order) {
    throw refusal(
      `was made for another sort than orderBy=${expected.orderBy}, order=${expected.order}`,
    );
  }
  return { orderBy: expected.orderBy, order: expected.order, key: k, id: i };
}
