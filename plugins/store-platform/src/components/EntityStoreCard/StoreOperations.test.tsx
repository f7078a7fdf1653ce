import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { Store } from '@store-platform/plugin-store-platform-common';
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

function renderCard(
  store: Store,
  options: {
    authorize?: any;
    setup?: (api: ReturnType<typeof mockStorePlatformApi>) => void;
  } = {},
) {
  const api = mockStorePlatformApi();
  api.getStore.mockResolvedValue(store);
  api.getStoreEvents.mockResolvedValue(someEvents(store.id));
  options.setup?.(api);
  return renderWithApis(<EntityStoreCard pollIntervalMs={60_000} />, {
    api,
    entity: aStoreEntity(store.id),
    authorize: options.authorize,
  }).then(rendered => ({ ...rendered, api }));
}

/** The form of a store template with `name` filled in, as the scaffolder reads it. */
const formOf = (template: string, id: string) =>
  `/create/templates/default/${template}?formData=${encodeURIComponent(
    JSON.stringify({ name: id }),
  )}`;

describe('EntityStoreCard day-two operations', () => {
  it('offers Retry on a failed store, opening store-retry with the store filled in', async () => {
    await renderCard(aStore({ id: 'broken-shop', status: 'failed' }));
    const retry = await screen.findByRole('button', {
      name: 'Retry provisioning',
    });
    expect(retry).toHaveAttribute('href', formOf('store-retry', 'broken-shop'));
    // The query parameter decodes to what the wizard expects.
    const query = new URL(retry.getAttribute('href')!, 'http://x').searchParams;
    expect(JSON.parse(query.get('formData')!)).toEqual({ name: 'broken-shop' });

    await userEvent.click(screen.getByRole('button', { name: 'Operations' }));
    const menu = await screen.findByRole('menu');
    const items = within(menu).getAllByRole('menuitem');
    expect(items.map(i => i.textContent)).toEqual(['Hand over']);
    expect(items[0]).toHaveAttribute(
      'href',
      formOf('store-transfer', 'broken-shop'),
    );
  });

  it('offers Back up first on a ready store and the rest in the Operations menu', async () => {
    await renderCard(aStore({ id: 'ready-shop' }));
    expect(
      await screen.findByRole('button', { name: 'Back up' }),
    ).toHaveAttribute('href', formOf('store-backup', 'ready-shop'));
    expect(
      screen.queryByRole('button', { name: 'Retry provisioning' }),
    ).not.toBeInTheDocument();
    const toggle = screen.getByRole('button', { name: 'Operations' });
    expect(toggle).toHaveAttribute('aria-haspopup', 'true');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const items = within(await screen.findByRole('menu')).getAllByRole(
      'menuitem',
    );
    expect(items.map(i => [i.textContent, i.getAttribute('href')])).toEqual([
      ['Upgrade', formOf('store-upgrade', 'ready-shop')],
      ['Restore or clone', formOf('store-restore', 'ready-shop')],
      ['Resize', formOf('store-resize', 'ready-shop')],
      ['Suspend', formOf('store-suspend', 'ready-shop')],
      ['Hand over', formOf('store-transfer', 'ready-shop')],
    ]);
  });

  it('offers Resume on a suspended store, shown as Suspended', async () => {
    await renderCard(aStore({ id: 'paused-shop', status: 'suspended' }));
    expect(await screen.findByText('Suspended')).toBeInTheDocument();
    expect(screen.getByTestId('status-aborted')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Resume' }),
    ).toHaveAttribute('href', formOf('store-resume', 'paused-shop'));
  });

  it('offers no operation without store.update on this store', async () => {
    const requests: EvaluatePermissionRequest[] = [];
    await renderCard(aStore({ id: 'someone-elses-shop', status: 'failed' }), {
      authorize: (request: EvaluatePermissionRequest) => {
        requests.push(request);
        return request.permission.name === 'store.update'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW;
      },
    });
    expect(await screen.findByText('Failed')).toBeInTheDocument();
    await waitFor(() =>
      expect(requests).toContainEqual(
        expect.objectContaining({
          permission: expect.objectContaining({ name: 'store.update' }),
          resourceRef: 'someone-elses-shop',
        }),
      ),
    );
    // Delete is still there (its own permission), the operations are not.
    expect(
      await screen.findByRole('button', { name: 'Delete' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Retry provisioning' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Operations' }),
    ).not.toBeInTheDocument();
  });

  it('shows the running operation with its task link, offering nothing meanwhile', async () => {
    await renderCard(
      aStore({
        id: 'busy-shop',
        operation: {
          kind: 'resize',
          taskId: 'task-resize-1',
          startedAt: '2025-01-02T11:00:00.000Z',
          heartbeatAt: '2025-01-02T11:00:10.000Z',
        },
      }),
    );
    const running = await screen.findByTestId('running-operation');
    expect(running).toHaveTextContent('Resize in progress since');
    expect(
      within(running).getByRole('link', {
        name: 'task log of the running resize',
      }),
    ).toHaveAttribute('href', '/create/tasks/task-resize-1');
    expect(
      screen.queryByRole('button', { name: 'Back up' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Operations' }),
    ).not.toBeInTheDocument();
  });

  it('shows the last operation, its task link and its message with line breaks kept', async () => {
    await renderCard(
      aStore({
        id: 'resized-shop',
        size: 'large',
        lastOperation: {
          kind: 'resize',
          taskId: 'task-resize-2',
          outcome: 'failed',
          message: 'Resize to large refused\npods would not fit the quota',
          startedAt: '2025-01-02T11:00:00.000Z',
          finishedAt: '2025-01-02T11:01:00.000Z',
        },
      }),
    );
    const last = await screen.findByTestId('last-operation');
    expect(last).toHaveTextContent('Last operation: Resize failed at');
    expect(
      within(last).getByRole('link', { name: 'task log of the last resize' }),
    ).toHaveAttribute('href', '/create/tasks/task-resize-2');
    const message = within(last).getByText(/Resize to large refused/);
    // The line break is in the text and shown as one (pre-line).
    expect(message.textContent).toBe(
      'Resize to large refused\npods would not fit the quota',
    );
    expect(getComputedStyle(message).whiteSpace).toBe('pre-line');
    expect(screen.getByText('Large')).toBeInTheDocument();
  });

  it('says the outcome of the last operation once, not again as the status message', async () => {
    await renderCard(
      aStore({
        statusMessage: 'resumed: 1 MariaDB and 1 WordPress replica(s) ready',
        lastOperation: {
          kind: 'resume',
          outcome: 'succeeded',
          message: 'resumed: 1 MariaDB and 1 WordPress replica(s) ready',
          startedAt: '2025-01-02T11:00:00.000Z',
          finishedAt: '2025-01-02T11:01:00.000Z',
        },
      }),
    );
    await screen.findByTestId('last-operation');
    expect(screen.getAllByText(/^resumed: 1 MariaDB/)).toHaveLength(1);
  });

  it('keeps the line breaks of a failure message', async () => {
    await renderCard(
      aStore({
        status: 'failed',
        statusMessage:
          'Start WordPress failed\nImagePullBackOff: no such image',
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Start WordPress failed');
    expect(getComputedStyle(alert).whiteSpace).toBe('pre-line');
  });

  it('shows the images the store runs, and that an upgrade is available', async () => {
    await renderCard(
      aStore({
        images: {
          wordpress: 'docker.io/library/wordpress:6.4',
          mariadb: 'docker.io/library/mariadb:11.2',
        },
        upgradeAvailable: true,
      }),
    );
    const images = (await screen.findByText('Images')).nextElementSibling!;
    expect(images).toHaveTextContent(
      'WordPress: docker.io/library/wordpress:6.4',
    );
    expect(images).toHaveTextContent('MariaDB: docker.io/library/mariadb:11.2');
    expect(images).not.toHaveTextContent('Bootstrap');
    expect(
      within(images as HTMLElement).getByText('Upgrade available'),
    ).toBeInTheDocument();
    // And Upgrade is the operation offered first.
    expect(
      await screen.findByRole('button', { name: 'Upgrade' }),
    ).toBeInTheDocument();
  });

  it('shows the owner as a link to its catalog entity', async () => {
    await renderCard(aStore({ owner: 'group:default/platform-admins' }));
    const owner = (await screen.findByText('Owner')).nextElementSibling!;
    expect(
      within(owner as HTMLElement).getByRole('link', {
        name: /platform-admins/,
      }),
    ).toHaveAttribute('href', '/catalog/default/group/platform-admins');
  });

  it('says when the images are not recorded, offering no upgrade', async () => {
    await renderCard(aStore());
    const images = (await screen.findByText('Images')).nextElementSibling!;
    expect(images).toHaveTextContent('not recorded');
    expect(screen.queryByText('Upgrade available')).not.toBeInTheDocument();
  });

  it("shows the Warning events of the store's namespace", async () => {
    const { api } = await renderCard(aStore({ id: 'warned-shop' }), {
      setup: a =>
        a.getKubernetesEvents.mockResolvedValue([
          {
            reason: 'FailedScheduling',
            object: 'Pod/wordpress-7d9f',
            message: '0/1 nodes are available:\n1 Insufficient memory',
            count: 5,
            lastSeen: '2025-01-02T10:06:00.000Z',
          },
        ]),
    });
    const warnings = await screen.findByRole('region', {
      name: 'Kubernetes warnings',
    });
    expect(warnings).toHaveTextContent('Kubernetes warnings (1)');
    expect(warnings).toHaveTextContent(
      'FailedScheduling on Pod/wordpress-7d9f (5 times), last',
    );
    expect(
      within(warnings).getByText(/0\/1 nodes are available/).textContent,
    ).toBe('0/1 nodes are available:\n1 Insufficient memory');
    expect(api.getKubernetesEvents).toHaveBeenCalledWith('warned-shop');
  });

  it('says when there are no warnings, and when they cannot be read', async () => {
    await renderCard(aStore());
    expect(
      await screen.findByText(
        "No Kubernetes warnings in the store's namespace.",
      ),
    ).toBeInTheDocument();
  });

  it('says the warnings could not be read, without losing the card', async () => {
    const error = await aResponseError(
      503,
      'ServiceUnavailableError',
      'cluster unreachable',
    );
    await renderCard(aStore(), {
      setup: a => a.getKubernetesEvents.mockRejectedValue(error),
    });
    expect(
      await screen.findByText(
        'Kubernetes warnings could not be read: cluster unreachable',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Ready')).toBeInTheDocument();
  });

  it('lists the backups by id, newest first, and fills the newest good one into the restore form', async () => {
    await renderCard(aStore({ id: 'saved-shop' }), {
      setup: a =>
        a.listBackups.mockResolvedValue([
          {
            id: 'saved-shop-20250104-100000',
            createdAt: '2025-01-04T10:00:00.000Z',
            status: 'failed',
          },
          {
            id: 'saved-shop-20250103-100000',
            createdAt: '2025-01-03T10:00:00.000Z',
            status: 'succeeded',
            sizeBytes: 3 * 1024 * 1024,
          },
        ]),
    });
    const backups = (await screen.findByText('Backups')).nextElementSibling!;
    await waitFor(() =>
      expect(
        within(backups as HTMLElement).getAllByRole('listitem'),
      ).toHaveLength(2),
    );
    const [newest, older] = within(backups as HTMLElement).getAllByRole(
      'listitem',
    );
    expect(newest).toHaveTextContent('saved-shop-20250104-100000');
    expect(newest).toHaveTextContent('(failed)');
    expect(older).toHaveTextContent('saved-shop-20250103-100000');
    expect(older).toHaveTextContent('(succeeded, 3.0 MB)');
    expect(older.querySelector('time')).toHaveAttribute(
      'dateTime',
      '2025-01-03T10:00:00.000Z',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Operations' }));
    const restore = within(await screen.findByRole('menu')).getByRole(
      'menuitem',
      { name: 'Restore or clone' },
    );
    const query = new URL(restore.getAttribute('href')!, 'http://x')
      .searchParams;
    expect(JSON.parse(query.get('formData')!)).toEqual({
      name: 'saved-shop',
      backup: 'saved-shop-20250103-100000',
    });
  });

  it('counts the backups beyond the five it lists', async () => {
    await renderCard(aStore({ id: 'hoarding-shop' }), {
      setup: a =>
        a.listBackups.mockResolvedValue(
          Array.from({ length: 7 }, (_, i) => ({
            id: `hoarding-shop-2025010${7 - i}-100000`,
            createdAt: `2025-01-0${7 - i}T10:00:00.000Z`,
            status: 'succeeded' as const,
          })),
        ),
    });
    const backups = (await screen.findByText('Backups')).nextElementSibling!;
    await waitFor(() => expect(backups).toHaveTextContent('and 2 older'));
    expect(
      within(backups as HTMLElement).getAllByRole('listitem'),
    ).toHaveLength(5);
  });

  it('lists operations in the history with their task links', async () => {
    await renderCard(aStore({ id: 'history-shop' }), {
      setup: a =>
        a.getStoreEvents.mockResolvedValue([
          ...someEvents('history-shop'),
          {
            id: 4,
            storeId: 'history-shop',
            from: 'ready',
            to: 'ready',
            operation: 'resize',
            taskId: 'task-resize-3',
            message: 'Resized to medium',
            at: '2025-01-03T10:00:00.000Z',
          },
          {
            id: 5,
            storeId: 'history-shop',
            from: 'ready',
            to: 'suspended',
            operation: 'suspend',
            taskId: 'task-suspend-1',
            at: '2025-01-03T11:00:00.000Z',
          },
        ]),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'History (5)' }),
    );
    const items = within(screen.getByRole('list'))
      .getAllByRole('listitem')
      .slice(-2);
    expect(items[0]).toHaveTextContent('Resize: Ready');
    expect(items[0]).toHaveTextContent('Resized to medium');
    expect(
      within(items[0]).getByRole('link', { name: 'Resize task log' }),
    ).toHaveAttribute('href', '/create/tasks/task-resize-3');
    expect(items[1]).toHaveTextContent('Suspend: Ready → Suspended');
    expect(
      within(items[1]).getByRole('link', { name: 'Suspend task log' }),
    ).toHaveAttribute('href', '/create/tasks/task-suspend-1');
  });
});
