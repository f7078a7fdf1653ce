import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Store } from '@internal/plugin-store-platform-common';
import {
  aStore,
  aLookAlikeStoreEntity,
  aStoreEntity,
  mockStorePlatformApi,
} from '../../__testUtils__/fixtures';
import { aResponseError } from '../../__testUtils__/fakeResponse';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { StoresPage } from './StoresPage';

// Full MUI renders are slow on a busy 2-core machine; this is not a timing check.
jest.setTimeout(20_000);

function page(items: Store[], totalCount = items.length, offset = 0) {
  return { items, totalCount, offset, limit: 100 };
}

const ready = aStore({ id: 'corner-shop', status: 'ready' });
const failed = aStore({
  id: 'medusa-shop',
  title: 'Medusa shop',
  engine: 'medusa',
  status: 'failed',
});

function catalogWith(...storeIds: string[]) {
  return {
    getEntities: jest.fn(async () => ({
      items: storeIds.map(id => aStoreEntity(id)),
    })),
  };
}

describe('StoresPage', () => {
  it('links no store to a look-alike entity that only carries its annotation', async () => {
    const api = mockStorePlatformApi();
    api.listStores.mockResolvedValue(page([ready]));
    const catalogApi = {
      getEntities: jest.fn(async () => ({
        items: [aLookAlikeStoreEntity('corner-shop')],
      })),
    };
    await renderWithApis(<StoresPage />, { api, catalogApi });

    expect(await screen.findByText('Stores (1)')).toBeInTheDocument();
    await waitFor(() => expect(catalogApi.getEntities).toHaveBeenCalled());
    expect(screen.getByText('corner-shop')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'corner-shop' })).toBeNull();
  });

  it('lists every store, linking those in the catalog to their entity', async () => {
    const api = mockStorePlatformApi();
    api.listStores.mockResolvedValue(page([ready, failed]));
    const catalogApi = catalogWith('corner-shop');
    await renderWithApis(<StoresPage />, { api, catalogApi });

    expect(await screen.findByText('Stores (2)')).toBeInTheDocument();
    const link = await screen.findByRole('link', { name: 'corner-shop' });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/resource/corner-shop',
    );
    // Not in the catalog (yet): shown, but not as a link.
    expect(screen.getByText('medusa-shop')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'medusa-shop' })).toBeNull();

    const failedRow = screen.getByText('medusa-shop').closest('tr')!;
    expect(within(failedRow).getByText('Failed')).toBeInTheDocument();
    expect(within(failedRow).getByText('Medusa')).toBeInTheDocument();
    expect(
      within(failedRow).getByRole('link', {
        name: /http:\/\/medusa-shop\.localhost/,
      }),
    ).toHaveAttribute('href', 'http://medusa-shop.localhost');

    expect(catalogApi.getEntities).toHaveBeenCalledWith(
      expect.objectContaining({
        filter: {
          kind: 'Resource',
          'metadata.annotations.store-platform.io/store-id':
            expect.arrayContaining(['corner-shop', 'medusa-shop']),
        },
      }),
    );
  });

  it('reads every page of a long list', async () => {
    const api = mockStorePlatformApi();
    const first = Array.from({ length: 100 }, (_, i) =>
      aStore({ id: `shop-${i}` }),
    );
    api.listStores
      .mockResolvedValueOnce(page(first, 101))
      .mockResolvedValueOnce(page([aStore({ id: 'shop-last' })], 101, 100));
    await renderWithApis(<StoresPage />, { api });
    expect(await screen.findByText('Stores (101)')).toBeInTheDocument();
    expect(api.listStores).toHaveBeenNthCalledWith(1, {
      status: undefined,
      offset: 0,
      limit: 100,
    });
    expect(api.listStores).toHaveBeenNthCalledWith(2, {
      status: undefined,
      offset: 100,
      limit: 100,
    });
  });

  it('filters by status on the server', async () => {
    const api = mockStorePlatformApi();
    api.listStores.mockImplementation(async query =>
      page(
        [ready, failed].filter(
          s => !query?.status || s.status === query.status,
        ),
      ),
    );
    await renderWithApis(<StoresPage />, { api });
    expect(await screen.findByText('Stores (2)')).toBeInTheDocument();

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Status' }),
      'Failed',
    );
    expect(await screen.findByText('Stores (1)')).toBeInTheDocument();
    expect(screen.getByText('medusa-shop')).toBeInTheDocument();
    expect(screen.queryByText('corner-shop')).toBeNull();
    expect(api.listStores).toHaveBeenLastCalledWith(
      expect.objectContaining({ status: 'failed' }),
    );

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Status' }),
      'Deleting',
    );
    expect(
      await screen.findByText('No stores are deleting'),
    ).toBeInTheDocument();
  });

  it('says when there are no stores at all', async () => {
    const api = mockStorePlatformApi();
    api.listStores.mockResolvedValue(page([]));
    await renderWithApis(<StoresPage />, { api });
    expect(await screen.findByText('No stores yet')).toBeInTheDocument();
  });

  it('shows the error with Retry, and the list once Retry succeeds', async () => {
    const api = mockStorePlatformApi();
    api.listStores
      .mockRejectedValueOnce(
        await aResponseError(
          503,
          'ServiceUnavailableError',
          'backend starting',
        ),
      )
      .mockResolvedValue(page([ready]));
    await renderWithApis(<StoresPage />, { api });
    expect(
      await screen.findByText(/Could not list stores/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Stores (1)')).toBeInTheDocument();
  });

  it('stays usable without links when the catalog cannot be reached', async () => {
    const api = mockStorePlatformApi();
    api.listStores.mockResolvedValue(page([ready]));
    const catalogApi = {
      getEntities: jest.fn(async () => {
        throw new Error('catalog down');
      }),
    };
    await renderWithApis(<StoresPage />, { api, catalogApi });
    expect(await screen.findByText('Stores (1)')).toBeInTheDocument();
    await waitFor(() => expect(catalogApi.getEntities).toHaveBeenCalled());
    expect(screen.getByText('corner-shop')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'corner-shop' })).toBeNull();
  });
});
