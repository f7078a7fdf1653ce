import { act, screen, waitFor } from '@testing-library/react';
import {
  LIVE_HEARTBEAT_CHANNEL,
  storeSignalChannel,
} from '@store-platform/plugin-store-platform-common';
import {
  aStore,
  aStoreEntity,
  mockStorePlatformApi,
  someEvents,
} from '../../__testUtils__/fixtures';
import { aResponseError } from '../../__testUtils__/fakeResponse';
import { fakeSignalApi } from '../../__testUtils__/fakeSignals';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { EntityStoreCard } from './EntityStoreCard';

jest.setTimeout(20_000);

const CHANNEL = storeSignalChannel('corner-shop');
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function apiReturning(store: () => ReturnType<typeof aStore>) {
  const api = mockStorePlatformApi();
  api.getStore.mockImplementation(async () => store());
  api.getStoreEvents.mockResolvedValue(someEvents());
  return api;
}

async function renderLive(
  api: ReturnType<typeof mockStorePlatformApi>,
  signals?: ReturnType<typeof fakeSignalApi>,
) {
  await renderWithApis(
    <EntityStoreCard pollIntervalMs={20} slowRefreshMs={1000} />,
    { api, entity: aStoreEntity(), signalApi: signals?.api },
  );
}

const beat = (signals: ReturnType<typeof fakeSignalApi>, intervalMs = 60_000) =>
  act(() =>
    signals.send(LIVE_HEARTBEAT_CHANNEL, { type: 'heartbeat', intervalMs }),
  );

describe('EntityStoreCard, live', () => {
  it('shows a signalled change at once, and polls nothing while live, even unsettled', async () => {
    let current = aStore({ status: 'provisioning' });
    const api = apiReturning(() => current);
    const signals = fakeSignalApi();
    await renderLive(api, signals);
    expect(await screen.findByText('Provisioning')).toBeInTheDocument();
    await beat(signals);
    expect(await screen.findByText('Live')).toBeInTheDocument();

    // Live and unsettled: the fallback's 20 ms polling does not run.
    const reads = api.getStore.mock.calls.length;
    await sleep(300);
    expect(api.getStore.mock.calls.length).toBe(reads);

    current = aStore({ status: 'ready' });
    act(() =>
      signals.send(CHANNEL, { type: 'changed', storeId: 'corner-shop' }),
    );
    expect(await screen.findByText('Ready')).toBeInTheDocument();
  });

  it('shows a new message of the same status, though its updatedAt stays (a drift report)', async () => {
    let current = aStore({ status: 'ready' });
    const api = apiReturning(() => current);
    const signals = fakeSignalApi();
    await renderLive(api, signals);
    await beat(signals);
    await screen.findByText('Live');
    current = aStore({
      status: 'ready',
      statusMessage: 'drift: namespace store-corner-shop is absent',
    });
    act(() =>
      signals.send(CHANNEL, { type: 'changed', storeId: 'corner-shop' }),
    );
    expect(
      await screen.findByText(/drift: namespace store-corner-shop is absent/),
    ).toBeInTheDocument();
  });

  it('ignores a signal of another store, and anything that is not a store signal', async () => {
    const shown = aStore({ status: 'ready' });
    const api = apiReturning(() => shown);
    const signals = fakeSignalApi();
    await renderLive(api, signals);
    await beat(signals);
    await screen.findByText('Live');
    await waitFor(() => expect(api.getStore).toHaveBeenCalledTimes(2)); // first read, resync
    await sleep(50);
    const reads = api.getStore.mock.calls.length;
    act(() => {
      signals.send(CHANNEL, { type: 'changed', storeId: 'other' });
      signals.send(CHANNEL, { nonsense: true });
    });
    await sleep(200);
    expect(api.getStore.mock.calls.length).toBe(reads);
  });

  it('says the store is gone when it is removed elsewhere', async () => {
    let gone = false;
    const api = mockStorePlatformApi();
    api.getStore.mockImplementation(async () => {
      if (gone) throw await aResponseError(404, 'NotFoundError', 'no store');
      return aStore();
    });
    api.getStoreEvents.mockResolvedValue(someEvents());
    const signals = fakeSignalApi();
    await renderLive(api, signals);
    await beat(signals);
    await screen.findByText('Ready');
    gone = true;
    act(() =>
      signals.send(CHANNEL, { type: 'removed', storeId: 'corner-shop' }),
    );
    expect(
      await screen.findByText('This store no longer exists'),
    ).toBeInTheDocument();
  });

  it("re-reads the cluster's Warning events when an operation's heartbeat says so", async () => {
    const api = apiReturning(() => aStore({ status: 'ready' }));
    api.getKubernetesEvents.mockResolvedValue([]);
    const signals = fakeSignalApi();
    await renderLive(api, signals);
    await beat(signals);
    await screen.findByText('Live');
    await sleep(100);
    const reads = api.getKubernetesEvents.mock.calls.length;
    act(() =>
      signals.send(CHANNEL, { type: 'readings', storeId: 'corner-shop' }),
    );
    await waitFor(() =>
      expect(api.getKubernetesEvents.mock.calls.length).toBe(reads + 1),
    );
  });

  it('says it is not live when the heartbeats stop, and converges by re-reading slowly', async () => {
    let current = aStore({ status: 'ready' });
    const api = apiReturning(() => current);
    const signals = fakeSignalApi();
    await renderLive(api, signals);
    await screen.findByText('Ready');
    await beat(signals, 30);
    // Three beats missed: the channel is down.
    expect(
      await screen.findByText('Not live, refreshing every 1 s'),
    ).toBeInTheDocument();
    current = aStore({
      status: 'ready',
      statusMessage: 'drift: namespace store-corner-shop is gone',
    });
    expect(
      await screen.findByText(/drift: namespace store-corner-shop is gone/),
    ).toBeInTheDocument();
  });

  it('without Signals in the app, says so and still follows a settled store', async () => {
    let current = aStore({ status: 'ready' });
    const api = apiReturning(() => current);
    await renderLive(api);
    expect(
      await screen.findByText(/^Not live, refreshing every/),
    ).toHaveAttribute(
      'title',
      'Live updates need the Signals plugin in this app',
    );
    current = aStore({ status: 'failed', statusMessage: 'it broke' });
    expect(await screen.findByText('Failed')).toBeInTheDocument();
  });
});
