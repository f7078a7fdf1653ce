import { act, screen, waitFor, within } from '@testing-library/react';
import {
  LIVE_HEARTBEAT_CHANNEL,
  Page,
  Store,
  STORES_SIGNAL_CHANNEL,
} from '@store-platform/plugin-store-platform-common';
import { aStore, mockStorePlatformApi } from '../../__testUtils__/fixtures';
import { fakeSignalApi } from '../../__testUtils__/fakeSignals';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { StoresPage } from './StoresPage';

jest.setTimeout(20_000);

/** The status shown in the row of store `id`. */
const rowOf = (id: string) => within(screen.getByText(id).closest('tr')!);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const page = (items: Store[]): Page<Store> => ({
  items,
  totalCount: items.length,
  limit: 50,
});

describe('StoresPage, live', () => {
  it('reads the page again when a store changes, and not otherwise while live', async () => {
    let stores = [aStore({ id: 'corner-shop', status: 'provisioning' })];
    const api = mockStorePlatformApi();
    api.listStores.mockImplementation(async () => page(stores));
    const signals = fakeSignalApi();
    await renderWithApis(<StoresPage slowRefreshMs={50} />, {
      api,
      signalApi: signals.api,
    });
    await screen.findByText('corner-shop');
    expect(rowOf('corner-shop').getByText('Provisioning')).toBeInTheDocument();
    act(() =>
      signals.send(LIVE_HEARTBEAT_CHANNEL, {
        type: 'heartbeat',
        intervalMs: 60_000,
      }),
    );
    expect(await screen.findByText('Live')).toBeInTheDocument();
    await sleep(100);
    const reads = api.listStores.mock.calls.length;
    await sleep(300);
    expect(api.listStores.mock.calls.length).toBe(reads);

    stores = [
      aStore({ id: 'corner-shop', status: 'ready' }),
      aStore({ id: 'new-shop', title: 'New shop', status: 'pending' }),
    ];
    act(() => signals.send(STORES_SIGNAL_CHANNEL, { type: 'changed' }));
    await waitFor(() =>
      expect(rowOf('corner-shop').getByText('Ready')).toBeInTheDocument(),
    );
    expect(rowOf('new-shop').getByText('Pending')).toBeInTheDocument();
  });

  it('without Signals, says it is not live and re-reads every slowRefreshMs', async () => {
    let stores = [aStore({ id: 'corner-shop', status: 'ready' })];
    const api = mockStorePlatformApi();
    api.listStores.mockImplementation(async () => page(stores));
    await renderWithApis(<StoresPage slowRefreshMs={1000} />, { api });
    expect(
      await screen.findByText('Not live, refreshing every 1 s'),
    ).toBeInTheDocument();
    stores = [aStore({ id: 'corner-shop', status: 'failed' })];
    await waitFor(
      () =>
        expect(rowOf('corner-shop').getByText('Failed')).toBeInTheDocument(),
      { timeout: 5000 },
    );
  });
});
