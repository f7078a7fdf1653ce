import { describeIssues } from './api';
import {
  DEFAULT_PAGE_SIZE,
  listStoresQuerySchema,
  listStoresSearchParams,
  MAX_PAGE_SIZE,
} from './listStores';

/** The message of a refused query, as the server's 400 says it. */
function refusal(query: Record<string, unknown>): string {
  const result = listStoresQuerySchema.safeParse(query);
  if (result.success) throw new Error(`accepted ${JSON.stringify(query)}`);
  return describeIssues(result.error);
}

describe('GET /stores query', () => {
  it('fills the defaults: newest first, one page of 50', () => {
    expect(listStoresQuerySchema.parse({})).toEqual({
      orderBy: 'createdAt',
      order: 'desc',
      limit: DEFAULT_PAGE_SIZE,
    });
  });

  it('sorts A to Z by default on text fields, newest first on times', () => {
    expect(listStoresQuerySchema.parse({ orderBy: 'title' }).order).toBe('asc');
    expect(listStoresQuerySchema.parse({ orderBy: 'updatedAt' }).order).toBe(
      'desc',
    );
    expect(
      listStoresQuerySchema.parse({ orderBy: 'title', order: 'desc' }).order,
    ).toBe('desc');
  });

  it('reads everything a query string carries', () => {
    expect(
      listStoresQuerySchema.parse({
        status: ['ready', 'failed', 'ready'],
        owner: 'group:default/shop-team',
        mine: 'true',
        q: '  Corner ',
        orderBy: 'owner',
        order: 'desc',
        limit: '200',
        offset: '400',
      }),
    ).toEqual({
      status: ['ready', 'failed'],
      owner: 'group:default/shop-team',
      mine: true,
      q: 'Corner',
      orderBy: 'owner',
      order: 'desc',
      limit: MAX_PAGE_SIZE,
      offset: 400,
    });
    expect(listStoresQuerySchema.parse({ status: 'ready' }).status).toEqual([
      'ready',
    ]);
    expect(listStoresQuerySchema.parse({ mine: 'false' }).mine).toBe(false);
    // An empty search box is no search.
    expect(listStoresQuerySchema.parse({ q: '   ' }).q).toBeUndefined();
  });

  it.each([
    [{ limit: '0' }, 'limit: must be at least 1'],
    [{ limit: '201' }, 'limit: must be at most 200'],
    [{ limit: '2.5' }, 'limit: must be a whole number'],
    [{ limit: 'ten' }, 'limit: '],
    [{ offset: '-1' }, 'offset: must not be negative'],
    [{ status: 'done' }, 'status: must be one of pending'],
    [{ status: ['ready', 'done'] }, 'status: must be one of'],
    [{ status: { a: 'b' } }, 'status: must be one of'],
    [{ mine: 'yes' }, 'mine: must be true or false'],
    [{ orderBy: 'namespace' }, 'orderBy: must be one of id, title'],
    [{ order: 'up' }, 'order: must be asc or desc'],
    [{ q: 'x'.repeat(101) }, 'q: must be at most 100 characters'],
    [{ q: 'a\u0000b' }, 'q: must not contain control characters'],
    [{ q: ['a', 'b'] }, 'q: must be text, given once'],
    [{ owner: 'nobody' }, 'owner: must be a user or group entity ref'],
    [{ cursor: 'not a cursor!' }, 'cursor: must be the nextCursor of a page'],
    [{ cursor: 'abc', offset: '10' }, 'offset: cannot be combined with cursor'],
    [{ sort: 'id' }, 'sort'],
  ])('refuses %j, naming the parameter', (query, message) => {
    expect(refusal(query)).toContain(message);
  });

  it('writes a query string the server reads back, repeating status', () => {
    const params = listStoresSearchParams({
      status: ['ready', 'failed'],
      mine: true,
      q: 'corner shop',
      orderBy: 'title',
      limit: 20,
      cursor: undefined,
    });
    expect(params.toString()).toBe(
      'status=ready&status=failed&mine=true&q=corner+shop&orderBy=title&limit=20',
    );
    expect(
      listStoresQuerySchema.parse({
        status: params.getAll('status'),
        mine: params.get('mine'),
        q: params.get('q'),
        orderBy: params.get('orderBy'),
        limit: params.get('limit'),
      }),
    ).toMatchObject({
      status: ['ready', 'failed'],
      mine: true,
      q: 'corner shop',
      orderBy: 'title',
      order: 'asc',
      limit: 20,
    });
  });
});
