import { useMemo, useReducer } from 'react';
import useInterval from 'react-use/esm/useInterval';
import Box from '@material-ui/core/Box';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
  SupportButton,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { STORES_SIGNAL_CHANNEL } from '@store-platform/plugin-store-platform-common';
import { storePlatformApiRef } from '../../api';
import { STORE_STATUS_DISPLAY } from '../StoreStatus';
import { ErrorWithRetry } from '../shared/ErrorWithRetry';
import {
  DEFAULT_SLOW_REFRESH_MS,
  LiveIndicator,
  refreshIntervalMs,
  useLiveChannel,
  useRefreshable,
} from '../shared/live';
import { MineToggle } from './MineToggle';
import { StatusFilter } from './StatusFilter';
import { StoreSearchField } from './StoreSearchField';
import { StoresTable } from './StoresTable';
import {
  initialStoreListState,
  isFiltered,
  pageIndex,
  StoreListState,
  storeListQuery,
  storeListReducer,
} from './storeListState';
import { useStoreEntityRefs } from './useStoreEntityRefs';

function emptyTitle(state: StoreListState): string {
  if (!isFiltered(state)) return 'No stores yet';
  if (state.status && !state.mine && !state.search.trim()) {
    return `No stores are ${STORE_STATUS_DISPLAY[
      state.status
    ].label.toLocaleLowerCase('en-US')}`;
  }
  return 'No stores match';
}

/**
 * Props of {@link StoresPage}.
 *
 * @public
 */
export interface StoresPageProps {
  /**
   * How often to re-read the page while the live channel is down (websocket
   * blocked, or no Signals plugin in the app). Default 20 s.
   */
  slowRefreshMs?: number;
}

/**
 * The stores the user may see, one page at a time: filtered, searched,
 * sorted and paged by the server, so the page costs the same at ten stores
 * or ten thousand. Live: any store change is signalled, and the page shown
 * is read again (the signal names no store: what the reader may see is the
 * API's answer); without the channel it re-reads every `slowRefreshMs`.
 */
export function StoresPage(props: StoresPageProps = {}) {
  const slowMs = props.slowRefreshMs ?? DEFAULT_SLOW_REFRESH_MS;
  const api = useApi(storePlatformApiRef);
  const [state, dispatch] = useReducer(storeListReducer, initialStoreListState);
  const query = useMemo(() => storeListQuery(state), [state]);
  const {
    value: page,
    loading,
    error,
    refresh: retry,
  } = useRefreshable(() => api.listStores(query), [api, query]);
  const live = useLiveChannel(STORES_SIGNAL_CHANNEL, retry, retry);
  useInterval(
    retry,
    refreshIntervalMs(live, false, { pollMs: slowMs, slowMs }),
  );
  const storeIds = useMemo(
    () => page?.items.map(store => store.id) ?? [],
    [page],
  );
  const entityRefs = useStoreEntityRefs(storeIds);

  let body;
  if (error) {
    body = (
      <ErrorWithRetry
        error={error}
        title="Could not list stores"
        onRetry={retry}
      />
    );
  } else if (!page) {
    body = <Progress />;
  } else if (page.totalCount === 0 && page.items.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title={emptyTitle(state)}
        description={
          isFiltered(state)
            ? 'Change the filters above to see other stores.'
            : 'Stores are created from the WooCommerce store template under Create.'
        }
      />
    );
  } else {
    body = (
      <StoresTable
        page={page}
        entityRefs={entityRefs}
        orderBy={state.orderBy}
        order={state.order}
        pageIndex={pageIndex(state)}
        pageSize={state.pageSize}
        loading={loading}
        onSort={orderBy => dispatch({ type: 'sort', orderBy })}
        onPageSize={pageSize => dispatch({ type: 'pageSize', pageSize })}
        onPage={index => {
          if (index > pageIndex(state) && page.nextCursor) {
            dispatch({ type: 'next', cursor: page.nextCursor });
          } else if (index === 0) dispatch({ type: 'first' });
          else if (index < pageIndex(state)) dispatch({ type: 'previous' });
        }}
      />
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Stores"
        subtitle="Every store provisioned by the Store Platform"
      />
      <Content>
        <ContentHeader title={state.mine ? 'My stores' : 'All stores'}>
          <Box display="flex" alignItems="center" gridGap={16}>
            <MineToggle
              mine={state.mine}
              onChange={mine => dispatch({ type: 'mine', mine })}
            />
            <StatusFilter
              value={state.status}
              onChange={status => dispatch({ type: 'status', status })}
            />
            <StoreSearchField
              value={state.search}
              onSearch={search => dispatch({ type: 'search', search })}
            />
            <LiveIndicator state={live} slowMs={slowMs} />
            <SupportButton>
              Each store runs in its own namespace; open one to see its status,
              history and Delete.
            </SupportButton>
          </Box>
        </ContentHeader>
        {body}
      </Content>
    </Page>
  );
}
