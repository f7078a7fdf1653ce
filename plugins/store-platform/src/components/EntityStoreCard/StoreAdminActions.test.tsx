import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import {
  aStore,
  aStoreEntity,
  mockStorePlatformApi,
  someEvents,
} from '../../__testUtils__/fixtures';
import { aResponseError } from '../../__testUtils__/fakeResponse';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { EntityStoreCard } from './EntityStoreCard';

// Full MUI renders are slow on a busy 2-core machine; this is not a timing check.
jest.setTimeout(20_000);

const PASSWORD = 'pw-Secret-123';

/**
 * The card of a store with its own id (usePermission caches decisions per
 * resource), permissions decided by name: allowed unless listed in `deny`.
 */
async function renderCard(
  storeId: string,
  options: { status?: 'ready' | 'provisioning'; deny?: string[] } = {},
) {
  const api = mockStorePlatformApi();
  api.getStore.mockResolvedValue(
    aStore({ id: storeId, status: options.status ?? 'ready' }),
  );
  api.getStoreEvents.mockResolvedValue(someEvents(storeId));
  const requests: EvaluatePermissionRequest[] = [];
  await renderWithApis(<EntityStoreCard pollIntervalMs={60_000} />, {
    api,
    entity: aStoreEntity(storeId),
    authorize: (request: EvaluatePermissionRequest) => {
      requests.push(request);
      return options.deny?.includes(request.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;
    },
  });
  await screen.findByText('Ready', {}, { timeout: 5000 }).catch(() => null);
  return { api, requests };
}

describe('EntityStoreCard: the admin credentials', () => {
  it('fetches them only when asked, shows them with copy buttons and the admin link, and forgets them on close', async () => {
    const { api, requests } = await renderCard('cred-shop');
    api.getAdminCredentials.mockResolvedValue({
      username: 'admin',
      password: PASSWORD,
    });
    const button = await screen.findByRole('button', {
      name: 'Show admin credentials',
    });
    expect(requests).toContainEqual(
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'store.credentials.read' }),
        resourceRef: 'cred-shop',
      }),
    );
    expect(api.getAdminCredentials).not.toHaveBeenCalled();

    await userEvent.click(button);
    const dialog = await screen.findByRole('dialog');
    const password = await within(dialog).findByLabelText('Password');
    expect(api.getAdminCredentials).toHaveBeenCalledWith('cred-shop');
    expect(within(dialog).getByLabelText('User name')).toHaveValue('admin');
    expect(password).toHaveValue(PASSWORD);
    expect(password).toHaveAttribute('type', 'password');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Show Password' }),
    );
    expect(password).toHaveAttribute('type', 'text');
    expect(
      within(dialog).getByRole('button', { name: 'Copy Password' }),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Copy User name' }),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('link', {
        name: /cred-shop\.localhost\/wp-admin\//,
      }),
    ).toHaveAttribute('href', 'http://cred-shop.localhost/wp-admin/');

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(document.body.innerHTML).not.toContain(PASSWORD);

    // Opened again, they are fetched again: nothing is kept in between.
    await userEvent.click(button);
    await screen.findByRole('dialog');
    await waitFor(() =>
      expect(api.getAdminCredentials).toHaveBeenCalledTimes(2),
    );
  });

  it("shows the backend's refusal in the dialog", async () => {
    const { api } = await renderCard('refused-shop');
    api.getAdminCredentials.mockRejectedValue(
      await aResponseError(
        403,
        'NotAllowedError',
        'not allowed to read the admin credentials of store "refused-shop"',
      ),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show admin credentials' }),
    );
    expect(
      await screen.findByText(
        /not allowed to read the admin credentials of store "refused-shop"/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
  });

  it('is not offered to those without store.credentials.read', async () => {
    const { requests } = await renderCard('other-team-shop', {
      deny: ['store.credentials.read'],
    });
    await waitFor(() =>
      expect(requests.map(r => r.permission.name)).toContain(
        'store.credentials.read',
      ),
    );
    expect(
      await screen.findByRole('button', { name: 'Reset admin password' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Show admin credentials' }),
    ).not.toBeInTheDocument();
  });

  it('is not offered before the store is ready', async () => {
    await renderCard('busy-shop', { status: 'provisioning' });
    expect(await screen.findByText('Provisioning')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Show admin credentials' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Reset admin password' }),
    ).not.toBeInTheDocument();
  });
});

describe('EntityStoreCard: reset admin password', () => {
  it('resets after confirmation, without showing a password', async () => {
    const { api } = await renderCard('reset-shop');
    api.resetAdminPassword.mockResolvedValue({
      storeId: 'reset-shop',
      resetAt: '2025-01-02T10:00:00.000Z',
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reset admin password' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(api.resetAdminPassword).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reset password' }),
    );
    expect(
      await within(dialog).findByText(/The admin password was reset/),
    ).toBeInTheDocument();
    expect(api.resetAdminPassword).toHaveBeenCalledWith('reset-shop');
    expect(api.getAdminCredentials).not.toHaveBeenCalled();
  });

  it('changes nothing when cancelled', async () => {
    const { api } = await renderCard('cancel-shop');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reset admin password' }),
    );
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Cancel',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.resetAdminPassword).not.toHaveBeenCalled();
  });

  it('is not offered to those without store.update', async () => {
    const { requests } = await renderCard('no-update-shop', {
      deny: ['store.update'],
    });
    await waitFor(() =>
      expect(requests.map(r => r.permission.name)).toContain('store.update'),
    );
    expect(
      await screen.findByRole('button', { name: 'Show admin credentials' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Reset admin password' }),
    ).not.toBeInTheDocument();
  });
});
