import { InputError } from '@backstage/errors';
import { decodeStoreCursor, encodeStoreCursor } from './storeCursor';

const sort = { orderBy: 'title', order: 'asc' } as const;

describe('store cursors', () => {
  it('round-trip the sort, the key as the database read it, and the id', () => {
    for (const key of [
      'shop 1',
      1735689600000,
      '2026-01-01 00:00:00.123456+00',
    ]) {
      const cursor = { ...sort, key, id: 'shop-001' };
      const text = encodeStoreCursor(cursor);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeStoreCursor(text, sort)).toEqual(cursor);
    }
  });

  it('refuses, naming cursor, one made for another sort', () => {
    const text = encodeStoreCursor({ ...sort, key: 'a', id: 'shop-001' });
    expect(() =>
      decodeStoreCursor(text, { orderBy: 'title', order: 'desc' }),
    ).toThrow(/^Invalid query: cursor: was made for another sort/);
    expect(() =>
      decodeStoreCursor(text, { orderBy: 'createdAt', order: 'asc' }),
    ).toThrow(InputError);
  });

  it.each([
    ['not base64 JSON', 'abc'],
    [
      'JSON without an id',
      Buffer.from('{"o":"title","d":"asc","k":"a"}').toString('base64url'),
    ],
    [
      'a key that is an object',
      Buffer.from('{"o":"title","d":"asc","k":{},"i":"x"}').toString(
        'base64url',
      ),
    ],
    ['null', Buffer.from('null').toString('base64url')],
  ])('refuses %s', (_, text) => {
    expect(() => decodeStoreCursor(text, sort)).toThrow(
      'Invalid query: cursor: is not a nextCursor of this API',
    );
  });
});
