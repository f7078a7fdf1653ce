import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { Page, Store } from '@store-platform/plugin-store-platform-common';
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

function page(
  items: Store[],
  totalCount = items.length,
  nextCursor?: string,
): Page<Store> {
  return {
    items,
    totalCount,
    limit: 50,
    ...(nextCursor ? { nextCursor } : {}),
  };
}

const ready = aStore({ id: 'corner-shop', status: 'ready' });
const failed = aStore({
  id: 'medusa-shop',
  title: 'Medusa shop',
  engine: 'medusa',
  status: 'failed',
});

/** A catalog holding these entities, answering by ref as the real one does. */
function catalogWith(...entities: Entity[]) {
  const byRef = new Map(
    entities.map(e => [`resource:default/${e.metadata.name}`, e]),
  );
  return {
    getEntities: jest.fn(async () => {
      throw new Error('the stores page must not list the catalog');
    }),
    getEntitiesByRefs: jest.fn(async (req: { entityRefs: string[] }) => ({
      items: req.entityRefs.map(ref => byRef.get(ref)),
    })),
  };
}

describe('StoresPage', () => {
  it("asks the server for one page, sorted by last update, and the catalog for that page's stores only", async () => {
    const api = mockStorePlatformApi();
    api.listStores.mockResolvedValue(page([ready, failed], 1234, 'next-1'));
    const catalogApi = catalogWith(aStoreEntity('corner-shop'));
    await renderWithApis(<StoresPage />, { api, catalogApi });

    expect(await screen.findByText('Stores (1234)')).toBeInTheDocument();
    expect(api.listStores).toHaveBeenCalledTimes(1);
    expect(api.listStores).toHaveBeenCalledWith({
      orderBy: 'updatedAt',
      order: 'desc',
      limit: 50,
    });
    const link = await screen.findByRole('link', { name: 'corner-shop' });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/resource/corner-shop',
    );
    expect(catalogApi.getEntitiesByRefs).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRefs: [
          'resource:default/corner-shop',
          'resource:default/medusa-shop',
        ],
      }),
    );
    // Not in the catalog (yet): shown, but not as a link.
    expect(screen.queryByRole('link', { name: 'medusa-shop' })).toBeNull();
    const failedRow = screen.getByText('medusa-shop').closest('tr')!;
    expect(within(failedRow).getByText('Failed')).toBeInTheDocument();
    expect(within(failedRow).getByText('Medusa')).toBeInTheDocument();
    expect(
      within(failedRow).getByRole('link', {
        name: /http:\/\/medusa-shop\.localhost/,
      }),
    ).toHaveAttribute('href', 'http://medusa-shop.localhost');
  });

  it("shows each store's cluster, and which ones do not answer", async () => {
    const api = mockStorePlatformApi();
    api.listStores.mockResolvedValue(
      page([
        aStore({ id: 'eu-shop', cluster: 'eu-west' }),
        aStore({
          id: 'us-shop',
          cluster: 'us-east',
          clusterUnreachable: 'cluster unreachable: us-east (timeout)',
        }),
      ]),
    );
    await renderWithApis(<StoresPage />, { api });
    expect(
      await screen.findByRole('columnheader', { name: 'Cluster' }),
    ).toBeInTheDocument();
    const eu = (await screen.findByText('eu-shop')).closest('tr')!;
    expect(within(eu).getByText('eu-west')).toBeInTheDocument();
    const us = screen.getByText('us-shop').closest('tr')!;
    expect(within(us).getByText('us-east (unreachable)')).toHaveAttribute(
      'title',
      'cluster unreachable: us-east (timeout)',
    );
  });

  it('links no store to a look-alike entity named after it', async () => {
    const api = mockStorePlatformApi();
    api.listStores.mockResolvedValue(page([ready]));
    const catalogApi = catalogWith(aLookAlikeStoreEntity('corner-shop'));
    await renderWithApis(<StoresPage />, { api, catalogApi });

    expect(await screen.findByText('Stores (1)')).toBeInTheDocument();
    await waitFor(() =>
      expect(catalogApi.getEntitiesByRefs).toHaveBeenCalled(),
    );
    expect(screen.getByText('corner-shop')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'corner-shop' })).toBeNull();
  });

  it("pages with the server's cursor, and back to exactly the rows shown before", async () => {
    const api = mockStorePlatformApi();
    const second = aStore({ id: 'second-page-shop' });
    api.listStores.mockImplementation(async query =>
      query?.cursor === 'after-first'
        ? page([second], 51)
        : page([ready], 51, 'after-first'),
    );
    const catalogApi = catalogWith();
    await renderWithApis(<StoresPage />, { api, catalogApi });
    await screen.findByText('corner-shop');
    const previous = screen.getByRole('button', { name: 'Previous page' });
    expect(previous).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('second-page-shop')).toBeInTheDocument();
    expect(api.listStores).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: 'after-first', limit: 50 }),
    );
    // The last page: the server gave no cursor, so there is no Next.
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    expect(catalogApi.getEntitiesByRefs).toHaveBeenLastCalledWith(
      expect.objectContaining({
        entityRefs: ['resource:default/second-page-shop'],
      }),
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(await screen.findByText('corner-shop')).toBeInTheDocument();
    expect(api.listStores).toHaveBeenLastCalledWith(
      expect.not.objectContaining({ cursor: expect.anything() }),
    );
  });

  it('sorts on the server from the column headers, and flips the order on a second click', async () => {
    const api = mockStorePlatformApi();
    api.listStores.mockResolvedValue(page([ready, failed]));
    await renderWithApis(<StoresPage />, { api });
    await screen.findByText('Stores (2)');

    await userEvent.click(screen.getByRole('button', { name: 'Title' }));
    await waitFor(() =>
      expect(api.listStores).toHaveBeenLastCalledWith(
        expect.objectContaining({ orderBy: 'title', order: 'asc' }),
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: /Title/ }));
    await waitFor(() =>
      expect(api.listStores).toHaveBeenLastCalledWith(
        expect.objectContaining({ orderBy: 'title', order: 'desc' }),
      ),
    );
    expect(screen.getByRole('columnheader', { name: /Title/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
  });

  it('shows my stores with Mine, all of them with All, each from the first page', async () => {
    const api = mockStorePlatformApi();
    api.listStores.mockImplementation(async query =>
      query?.mine ? page([ready]) : page([ready, failed], 60, 'more'),
    );
    await renderWithApis(<StoresPage />, { api });
    await screen.findByText('Stores (60)');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(api.listStores).toHaveBeenLastCalledWith(
        expect.objectContaining({ cursor: 'more' }),
      ),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Mine' }));
    expect(await screen.findByText('Stores (1)')).toBeInTheDocument();
    expect(api.listStores).toHaveBeenLastCalledWith({
      mine: true,
      orderBy: 'updatedAt',
      order: 'desc',
      limit: 50,
    });
    expect(screen.getByRole('button', { name: 'Mine' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByText('My stores')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'All' }));
    expect(await screen.findByText('Stores (60)')).toBeInTheDocument();
    expect(api.listStores).toHaveBeenLastCalledWith(
      expect.not.objectContaining({ mine: expect.anything() }),
    );
  });

  it('searches on the server once typing pauses, not at every key', async () => {
    const api = mockStorePlatformApi();
    api.listStores.mockImplementation(async query =>
      page(query?.q ? [failed] : [ready, failed]),
    );
    await renderWithApis(<StoresPage />, { api });
    await screen.findByText('Stores (2)');

    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search' }),
      'medusa',
    );
    expect(await screen.findByText('Stores (1)')).toBeInTheDocument();
    const searches = api.listStores.mock.calls
      .map(([query]) => query?.q)
      .filter(Boolean);
    expect(searches).toEqual(['medusa']);
  });

  it('filters by status on the server, and says when none are in it', async () => {
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
    // The filters stay, to go back.
    expect(
      screen.getByRole('combobox', { name: 'Status' }),
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
      getEntitiesByRefs: jest.fn(async () => {
        throw new Error('catalog down');
      }),
    };
    await renderWithApis(<StoresPage />, { api, catalogApi });
    expect(await screen.findByText('Stores (1)')).toBeInTheDocument();
    await waitFor(() =>
      expect(catalogApi.getEntitiesByRefs).toHaveBeenCalled(),
    );
    expect(screen.getByText('corner-shop')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'corner-shop' })).toBeNull();
  });
});
