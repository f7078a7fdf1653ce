import {
  initialStoreListState,
  isFiltered,
  pageIndex,
  StoreListAction,
  storeListQuery,
  storeListReducer,
} from './storeListState';

const run = (...actions: StoreListAction[]) =>
  actions.reduce(storeListReducer, initialStoreListState);

describe('the stores page state', () => {
  it('walks pages forward by cursor and back to the ones it came from', () => {
    const third = run(
      { type: 'next', cursor: 'c1' },
      { type: 'next', cursor: 'c2' },
    );
    expect(pageIndex(third)).toBe(2);
    expect(storeListQuery(third).cursor).toBe('c2');
    const back = storeListReducer(third, { type: 'previous' });
    expect(pageIndex(back)).toBe(1);
    expect(storeListQuery(back).cursor).toBe('c1');
    const first = storeListReducer(back, { type: 'previous' });
    expect(storeListQuery(first).cursor).toBeUndefined();
    // There is nothing before the first page.
    expect(storeListReducer(first, { type: 'previous' })).toBe(first);
  });

  it.each<StoreListAction>([
    { type: 'mine', mine: true },
    { type: 'status', status: 'failed' },
    { type: 'search', search: 'corner' },
    { type: 'sort', orderBy: 'title' },
    { type: 'pageSize', pageSize: 100 },
    { type: 'first' },
  ])('starts again at the first page on %j', action => {
    const deep = run({ type: 'next', cursor: 'c1' });
    const after = storeListReducer(deep, action);
    expect(pageIndex(after)).toBe(0);
    expect(storeListQuery(after).cursor).toBeUndefined();
  });

  it('keeps the page when the search did not change (the debounce fires once more)', () => {
    const deep = run({ type: 'next', cursor: 'c1' });
    expect(storeListReducer(deep, { type: 'search', search: '' })).toBe(deep);
  });

  it('sorts a new column in its natural order and flips the current one', () => {
    const byTitle = run({ type: 'sort', orderBy: 'title' });
    expect(storeListQuery(byTitle)).toMatchObject({
      orderBy: 'title',
      order: 'asc',
    });
    expect(
      storeListQuery(
        storeListReducer(byTitle, { type: 'sort', orderBy: 'title' }),
      ),
    ).toMatchObject({ orderBy: 'title', order: 'desc' });
    // Updated, from another column, starts newest first; clicked again while
    // it is the sort (the initial one), it flips to oldest first.
    expect(
      storeListQuery(
        storeListReducer(byTitle, { type: 'sort', orderBy: 'updatedAt' }),
      ),
    ).toMatchObject({ orderBy: 'updatedAt', order: 'desc' });
    expect(
      storeListQuery(run({ type: 'sort', orderBy: 'updatedAt' })),
    ).toMatchObject({ orderBy: 'updatedAt', order: 'asc' });
  });

  it('asks only for the filters that are set', () => {
    expect(storeListQuery(initialStoreListState)).toEqual({
      orderBy: 'updatedAt',
      order: 'desc',
      limit: 50,
    });
    expect(isFiltered(initialStoreListState)).toBe(false);
    const narrowed = run(
      { type: 'mine', mine: true },
      { type: 'status', status: 'ready' },
      { type: 'search', search: '  corner ' },
    );
    expect(storeListQuery(narrowed)).toEqual({
      mine: true,
      status: 'ready',
      q: 'corner',
      orderBy: 'updatedAt',
      order: 'desc',
      limit: 50,
    });
    expect(isFiltered(narrowed)).toBe(true);
  });
});
