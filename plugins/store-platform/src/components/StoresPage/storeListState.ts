import {
  defaultSortOrder,
  ListStoresQuery,
  SortOrder,
  StoreSortField,
  StoreStatus,
} from '@store-platform/plugin-store-platform-common';

/**
 * What the stores page shows: filters, sort, and where in the list it is.
 * Pages are walked with the server's cursors: `cursors[i]` starts page i
 * (page 0 has none), so Previous goes back to exactly the rows it showed
 * even while stores come and go.
 */
export interface StoreListState {
  mine: boolean;
  status?: StoreStatus;
  /** The search as sent (already debounced). */
  search: string;
  orderBy: StoreSortField;
  order: SortOrder;
  pageSize: number;
  cursors: Array<string | undefined>;
}

export type StoreListAction =
  | { type: 'mine'; mine: boolean }
  | { type: 'status'; status?: StoreStatus }
  | { type: 'search'; search: string }
  | { type: 'sort'; orderBy: StoreSortField }
  | { type: 'pageSize'; pageSize: number }
  | { type: 'next'; cursor: string }
  | { type: 'previous' }
  | { type: 'first' };

export const PAGE_SIZES = [20, 50, 100];

export const initialStoreListState: StoreListState = {
  mine: false,
  search: '',
  orderBy: 'updatedAt',
  order: 'desc',
  pageSize: 50,
  cursors: [undefined],
};

const FIRST_PAGE = { cursors: [undefined] };

/** Any change of what is listed starts again at the first page. */
export function storeListReducer(
  state: StoreListState,
  action: StoreListAction,
): StoreListState {
  switch (action.type) {
    case 'mine':
      return { ...state, ...FIRST_PAGE, mine: action.mine };
    case 'status':
      return { ...state, ...FIRST_PAGE, status: action.status };
    case 'search':
      if (action.search === state.search) return state;
      return { ...state, ...FIRST_PAGE, search: action.search };
    case 'sort':
      // The sorted column again flips the order; a new column starts in its natural one.
      return {
        ...state,
        ...FIRST_PAGE,
        orderBy: action.orderBy,
        order:
          action.orderBy === state.orderBy
            ? flip(state.order)
            : defaultSortOrder(action.orderBy),
      };
    case 'pageSize':
      return { ...state, ...FIRST_PAGE, pageSize: action.pageSize };
    case 'next':
      return { ...state, cursors: [...state.cursors, action.cursor] };
    case 'previous':
      return state.cursors.length > 1
        ? { ...state, cursors: state.cursors.slice(0, -1) }
        : state;
    case 'first':
      return { ...state, ...FIRST_PAGE };
    default:
      return state;
  }
}

function flip(order: SortOrder): SortOrder {
  return order === 'asc' ? 'desc' : 'asc';
}

/** The index of the page shown, from 0. */
export function pageIndex(state: StoreListState): number {
  return state.cursors.length - 1;
}

/** The request for the page the state shows. */
export function storeListQuery(state: StoreListState): ListStoresQuery {
  const search = state.search.trim();
  return {
    ...(state.mine ? { mine: true } : {}),
    ...(state.status ? { status: state.status } : {}),
    ...(search ? { q: search } : {}),
    orderBy: state.orderBy,
    order: state.order,
    limit: state.pageSize,
    ...(state.cursors[state.cursors.length - 1]
      ? { cursor: state.cursors[state.cursors.length - 1] }
      : {}),
  };
}

/** Whether anything narrows the list (the empty state says so). */
export function isFiltered(state: StoreListState): boolean {
  return state.mine || state.status !== undefined || state.search.trim() !== '';
}
