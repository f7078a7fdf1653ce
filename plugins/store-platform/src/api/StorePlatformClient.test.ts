import { ResponseError } from '@backstage/errors';
import { aStore, someEvents } from '../__testUtils__/fixtures';
import { errorResponse, fakeResponse } from '../__testUtils__/fakeResponse';
import { describeError, isNotFoundError } from './errors';
import { StorePlatformClient } from './StorePlatformClient';

const BASE = 'http://localhost:7007/api/store-platform';

function setup(response: Response) {
  const fetch = jest.fn(async () => response);
  const getBaseUrl = jest.fn(async () => BASE);
  const client = new StorePlatformClient({
    discoveryApi: { getBaseUrl },
    fetchApi: { fetch },
  });
  return { client, fetch, getBaseUrl };
}

describe('StorePlatformClient', () => {
  it('lists stores with only the query parameters given', async () => {
    const page = { items: [aStore()], totalCount: 1, offset: 0, limit: 100 };
    const { client, fetch, getBaseUrl } = setup(fakeResponse(200, page));

    await expect(
      client.listStores({ status: 'failed', offset: 0, limit: 100 }),
    ).resolves.toEqual(page);

    expect(getBaseUrl).toHaveBeenCalledWith('store-platform');
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/stores?status=failed&offset=0&limit=100`,
      undefined,
    );
  });

  it('lists without a query string when there is no filter', async () => {
    const { client, fetch } = setup(
      fakeResponse(200, { items: [], totalCount: 0, offset: 0, limit: 20 }),
    );
    await client.listStores();
    expect(fetch).toHaveBeenCalledWith(`${BASE}/stores`, undefined);
  });

  it('reads one store, escaping the id in the path', async () => {
    const { client, fetch } = setup(fakeResponse(200, aStore()));
    await expect(client.getStore('corner-shop')).resolves.toEqual(aStore());
    await client.getStore('a/b');
    expect(fetch).toHaveBeenLastCalledWith(`${BASE}/stores/a%2Fb`, undefined);
  });

  it('unwraps the events list', async () => {
    const { client, fetch } = setup(fakeResponse(200, { items: someEvents() }));
    await expect(client.getStoreEvents('corner-shop')).resolves.toEqual(
      someEvents(),
    );
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/stores/corner-shop/events`,
      undefined,
    );
  });

  it('deletes with DELETE and returns the store now deleting', async () => {
    const deleting = aStore({ status: 'deleting' });
    const { client, fetch } = setup(fakeResponse(202, deleting));
    await expect(client.deleteStore('corner-shop')).resolves.toEqual(deleting);
    expect(fetch).toHaveBeenCalledWith(`${BASE}/stores/corner-shop`, {
      method: 'DELETE',
    });
  });

  it('fetches the admin credentials anew, telling the browser not to cache them', async () => {
    const credentials = { username: 'admin', password: 'pw-Secret-123' };
    const { client, fetch } = setup(fakeResponse(200, credentials));
    await expect(client.getAdminCredentials('corner-shop')).resolves.toEqual(
      credentials,
    );
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/stores/corner-shop/admin-credentials`,
      { cache: 'no-store' },
    );
  });

  it('resets the admin password with POST, escaping the id', async () => {
    const result = { storeId: 'a/b', resetAt: '2025-01-02T10:00:00.000Z' };
    const { client, fetch } = setup(fakeResponse(200, result));
    await expect(client.resetAdminPassword('a/b')).resolves.toEqual(result);
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/stores/a%2Fb/admin-password/reset`,
      { method: 'POST' },
    );
  });

  it('unwraps the Kubernetes Warning events, escaping the id', async () => {
    const items = [
      {
        reason: 'FailedScheduling',
        object: 'Pod/wordpress-abc',
        message: '0/1 nodes are available',
        count: 3,
        lastSeen: '2025-01-02T10:06:00.000Z',
      },
    ];
    const { client, fetch } = setup(fakeResponse(200, { items }));
    await expect(client.getKubernetesEvents('a/b')).resolves.toEqual(items);
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/stores/a%2Fb/kubernetes-events`,
      undefined,
    );
  });

  it('unwraps the backups list', async () => {
    const items = [
      {
        id: 'backup-20250102-1000',
        createdAt: '2025-01-02T10:00:00.000Z',
        status: 'succeeded',
        sizeBytes: 1024,
      },
    ];
    const { client, fetch } = setup(fakeResponse(200, { items }));
    await expect(client.listBackups('corner-shop')).resolves.toEqual(items);
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/stores/corner-shop/backups`,
      undefined,
    );
  });

  it('turns an error response into a ResponseError carrying the server message', async () => {
    const { client } = setup(
      errorResponse(404, 'NotFoundError', 'store ghost-shop does not exist'),
    );
    const error = await client.getStore('ghost-shop').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause.name).toBe('NotFoundError');
    expect(error.cause.message).toBe('store ghost-shop does not exist');
    expect(describeError(error)).toBe('store ghost-shop does not exist');
    expect(isNotFoundError(error)).toBe(true);
  });

  it('does not take a 403 for a missing store', async () => {
    const { client } = setup(errorResponse(403, 'NotAllowedError', 'denied'));
    const error = await client.deleteStore('corner-shop').catch(e => e);
    expect(error.statusCode).toBe(403);
    expect(isNotFoundError(error)).toBe(false);
  });
});
