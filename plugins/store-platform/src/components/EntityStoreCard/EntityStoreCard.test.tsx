import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { StoreStatus } from '@store-platform/plugin-store-platform-common';
import {
  aStore,
  aLookAlikeStoreEntity,
  aStoreEntity,
  mockStorePlatformApi,
  someEvents,
} from '../../__testUtils__/fixtures';
import { aResponseError } from '../../__testUtils__/fakeResponse';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { EntityStoreCard } from './EntityStoreCard';

// Full MUI renders are slow on a busy 2-core machine; this is not a timing check.
jest.setTimeout(20_000);

function apiWith(...stores: ReturnType<typeof aStore>[]) {
  const api = mockStorePlatformApi();
  for (const store of stores) api.getStore.mockResolvedValueOnce(store);
  api.getStore.mockResolvedValue(stores[stores.length - 1]);
  api.getStoreEvents.mockResolvedValue(someEvents());
  return api;
}

function renderCard(
  api: ReturnType<typeof mockStorePlatformApi>,
  options: { pollIntervalMs?: number; authorize?: any; storeId?: string } = {},
) {
  return renderWithApis(
    <EntityStoreCard pollIntervalMs={options.pollIntervalMs ?? 60_000} />,
    {
      api,
      entity: aStoreEntity(options.storeId),
      authorize: options.authorize,
    },
  );
}

// The kind of URL the card must never turn into a link.
// eslint-disable-next-line no-script-url
const SCRIPT_URL = 'javascript:alert(1)';

describe('EntityStoreCard', () => {
  it.each<[StoreStatus, string, string]>([
    ['pending', 'status-pending', 'Pending'],
    ['provisioning', 'status-running', 'Provisioning'],
    ['ready', 'status-ok', 'Ready'],
    ['failed', 'status-error', 'Failed'],
    ['deleting', 'status-running', 'Deleting'],
  ])(
    'shows %s with its icon (%s) and label %s',
    async (status, icon, label) => {
      await renderCard(apiWith(aStore({ status })));
      expect(await screen.findByText(label)).toBeInTheDocument();
      expect(screen.getByTestId(icon)).toBeInTheDocument();
      const otherIcons = [
        'status-pending',
        'status-running',
        'status-ok',
        'status-error',
      ].filter(id => id !== icon);
      for (const id of otherIcons) {
        expect(screen.queryByTestId(id)).not.toBeInTheDocument();
      }
    },
  );

  it('shows the failure message of a failed store', async () => {
    await renderCard(
      apiWith(
        aStore({
          status: 'failed',
          engine: 'medusa',
          statusMessage: 'The Medusa engine is not implemented yet',
        }),
      ),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The Medusa engine is not implemented yet',
    );
    expect(screen.getByText('Medusa')).toBeInTheDocument();
  });

  it("says when the store's cluster is unreachable, keeps the status, and follows it until it answers", async () => {
    let reachable = false;
    const unreachable = aStore({
      cluster: 'eu-west',
      clusterUnreachable:
        'cluster unreachable: eu-west (connect ECONNREFUSED 10.0.0.1:6443)',
    });
    const api = apiWith(unreachable);
    api.getStore.mockImplementation(async () =>
      reachable ? aStore({ cluster: 'eu-west' }) : unreachable,
    );
    await renderCard(api, { pollIntervalMs: 20 });
    expect(await screen.findByText('Cluster unreachable')).toBeInTheDocument();
    expect(
      screen.getByText(/cluster unreachable: eu-west \(connect ECONNREFUSED/),
    ).toBeInTheDocument();
    expect(screen.getByText('Ready')).toBeInTheDocument();
    expect(screen.getByText('eu-west')).toBeInTheDocument();
    reachable = true;
    await waitFor(
      () =>
        expect(
          screen.queryByText('Cluster unreachable'),
        ).not.toBeInTheDocument(),
      { timeout: 3000 },
    );
  });

  it('shows the storefront URL as a link and the store facts', async () => {
    await renderCard(apiWith(aStore()));
    const link = await screen.findByRole('link', {
      name: /http:\/\/corner-shop\.localhost/,
    });
    expect(link).toHaveAttribute('href', 'http://corner-shop.localhost');
    expect(screen.getByText('WooCommerce')).toBeInTheDocument();
    expect(screen.getByText('Small')).toBeInTheDocument();
    expect(screen.getByText('store-corner-shop')).toBeInTheDocument();
    const created = screen.getByText('Created').nextElementSibling!;
    expect(created.querySelector('time')).toHaveAttribute(
      'dateTime',
      '2025-01-02T10:00:00.000Z',
    );
    const updated = screen.getByText('Updated').nextElementSibling!;
    expect(updated.querySelector('time')).toHaveAttribute(
      'dateTime',
      '2025-01-02T10:05:00.000Z',
    );
  });

  it('does not make a link of a URL that is not http(s), nor render values as HTML', async () => {
    const { container } = await renderCard(
      apiWith(
        aStore({
          url: SCRIPT_URL,
          status: 'failed',
          statusMessage: '<img src=x onerror="alert(1)">',
        }),
      ),
    );
    expect(await screen.findByText(SCRIPT_URL)).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /javascript/ }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      '<img src=x onerror="alert(1)">',
    );
    expect(container.querySelector('img[src="x"]')).toBeNull();
  });

  it('keeps the history folded until it is opened', async () => {
    await renderCard(apiWith(aStore()));
    const summary = await screen.findByRole('button', { name: 'History (3)' });
    expect(summary).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(summary);
    expect(summary).toHaveAttribute('aria-expanded', 'true');
    const history = within(screen.getByRole('list'));
    const items = history.getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent('Created as Pending');
    expect(items[1]).toHaveTextContent('Pending → Provisioning');
    expect(items[1]).toHaveTextContent('Creating namespace store-corner-shop');
    expect(items[2]).toHaveTextContent('Provisioning → Ready');
  });

  it('refreshes while the store is provisioning and stops once it is ready', async () => {
    // Provisioning until the test has seen it polled a few times, however slow the machine.
    let settled = false;
    const api = apiWith(aStore({ status: 'provisioning' }));
    api.getStore.mockImplementation(async () =>
      aStore({ status: settled ? 'ready' : 'provisioning' }),
    );
    await renderCard(api, { pollIntervalMs: 20 });
    expect(await screen.findByText('Provisioning')).toBeInTheDocument();
    await waitFor(() =>
      expect(api.getStore.mock.calls.length).toBeGreaterThanOrEqual(3),
    );
    settled = true;
    expect(
      await screen.findByText('Ready', undefined, { timeout: 3000 }),
    ).toBeInTheDocument();
    const callsWhenReady = api.getStore.mock.calls.length;
    // Ten poll intervals later, a settled store has not been read again.
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(api.getStore).toHaveBeenCalledTimes(callsWhenReady);
  });

  it('deletes after confirmation, then follows the store until it is gone', async () => {
    const api = apiWith(aStore({ status: 'ready' }));
    await renderCard(api, { pollIntervalMs: 20 });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete' }),
    );

    // Cancel leaves the store alone.
    let dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Delete store corner-shop?');
    expect(dialog).toHaveTextContent('store-corner-shop');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.deleteStore).not.toHaveBeenCalled();

    // Confirming deletes it.
    api.deleteStore.mockResolvedValue(aStore({ status: 'deleting' }));
    api.getStore.mockReset();
    api.getStore
      .mockResolvedValueOnce(aStore({ status: 'deleting' }))
      .mockRejectedValue(
        await aResponseError(404, 'NotFoundError', 'no store corner-shop'),
      );
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete store' }),
    );
    expect(api.deleteStore).toHaveBeenCalledWith('corner-shop');
    expect(await screen.findByText('Deleting')).toBeInTheDocument();
    expect(
      await screen.findByText('This store no longer exists', undefined, {
        timeout: 3000,
      }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('keeps the dialog open with the server message when deletion is refused', async () => {
    const api = apiWith(aStore());
    api.deleteStore.mockRejectedValue(
      await aResponseError(403, 'NotAllowedError', 'only owners may delete'),
    );
    await renderCard(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete store' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Could not delete: only owners may delete',
    );
  });

  it('hides Delete when the permission is denied, asking about this store', async () => {
    // A store id of its own: usePermission caches decisions per resource.
    const requests: EvaluatePermissionRequest[] = [];
    await renderCard(apiWith(aStore({ id: 'locked-shop' })), {
      storeId: 'locked-shop',
      authorize: (request: EvaluatePermissionRequest) => {
        requests.push(request);
        return AuthorizeResult.DENY;
      },
    });
    expect(await screen.findByText('Ready')).toBeInTheDocument();
    await waitFor(() => expect(requests).not.toHaveLength(0));
    expect(requests[0]).toMatchObject({
      permission: { name: 'store.delete' },
      resourceRef: 'locked-shop',
    });
    expect(
      screen.queryByRole('button', { name: 'Delete' }),
    ).not.toBeInTheDocument();
  });

  it('shows an error with Retry, and recovers when Retry succeeds', async () => {
    const api = mockStorePlatformApi();
    api.getStoreEvents.mockResolvedValue(someEvents());
    api.getStore
      .mockRejectedValueOnce(
        await aResponseError(500, 'Error', 'database is locked'),
      )
      .mockResolvedValue(aStore());
    await renderCard(api);
    expect(
      await screen.findByText(/Could not load store corner-shop/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Ready')).toBeInTheDocument();
  });

  it('says so when the store no longer exists', async () => {
    const api = mockStorePlatformApi();
    api.getStoreEvents.mockResolvedValue([]);
    api.getStore.mockRejectedValue(
      await aResponseError(404, 'NotFoundError', 'no store corner-shop'),
    );
    await renderCard(api);
    expect(
      await screen.findByText('This store no longer exists'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('shows progress while loading', async () => {
    const api = mockStorePlatformApi();
    api.getStore.mockReturnValue(new Promise(() => {}));
    api.getStoreEvents.mockReturnValue(new Promise(() => {}));
    await renderCard(api);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('explains a store entity without the store id annotation', async () => {
    const api = mockStorePlatformApi();
    const entity = aStoreEntity();
    entity.metadata.annotations = {};
    await renderWithApis(<EntityStoreCard />, { api, entity });
    expect(
      (await screen.findAllByText(/store-platform\.io\/store-id/)).length,
    ).toBeGreaterThan(0);
    expect(api.getStore).not.toHaveBeenCalled();
  });

  it('does not take a look-alike entity from a catalog file for the store', async () => {
    const api = mockStorePlatformApi();
    await renderWithApis(<EntityStoreCard />, {
      api,
      entity: aLookAlikeStoreEntity('corner-shop'),
    });
    expect(
      await screen.findByText(/not emitted by Store Platform/),
    ).toBeInTheDocument();
    expect(api.getStore).not.toHaveBeenCalled();
  });
});
