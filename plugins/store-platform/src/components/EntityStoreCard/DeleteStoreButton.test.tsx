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
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { DeleteStoreButton } from './DeleteStoreButton';

// Full MUI renders are slow on a busy 2-core machine; this is not a timing check.
jest.setTimeout(20_000);

/** A scaffolder whose backup task goes through `statuses`, one per poll. */
function scaffolderWith(...statuses: string[]) {
  const getTask = jest.fn();
  for (const status of statuses) getTask.mockResolvedValueOnce({ status });
  getTask.mockResolvedValue({ status: statuses[statuses.length - 1] });
  return {
    scaffold: jest.fn(async () => ({ taskId: 'backup-task-1' })),
    getTask,
  };
}

async function renderButton(
  store: Store,
  options: { scaffolderApi?: unknown; authorize?: any } = {},
) {
  const api = mockStorePlatformApi();
  api.getStoreEvents.mockResolvedValue(someEvents(store.id));
  api.deleteStore.mockResolvedValue({ ...store, status: 'deleting' });
  const onDeleted = jest.fn();
  await renderWithApis(
    <DeleteStoreButton
      store={store}
      onDeleted={onDeleted}
      backupPollIntervalMs={5}
    />,
    {
      api,
      entity: aStoreEntity(store.id),
      scaffolderApi: options.scaffolderApi,
      authorize: options.authorize,
    },
  );
  await userEvent.click(await screen.findByRole('button', { name: 'Delete' }));
  return { api, onDeleted, dialog: await screen.findByRole('dialog') };
}

describe('DeleteStoreButton, back up first', () => {
  it('deletes at once when Back up first is left unticked', async () => {
    const scaffolderApi = scaffolderWith('completed');
    const { api, onDeleted, dialog } = await renderButton(
      aStore({ id: 'plain-shop' }),
      { scaffolderApi },
    );
    expect(
      within(dialog).getByRole('checkbox', { name: 'Back up first' }),
    ).not.toBeChecked();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete store' }),
    );
    await waitFor(() => expect(onDeleted).toHaveBeenCalled());
    expect(api.deleteStore).toHaveBeenCalledWith('plain-shop');
    expect(scaffolderApi.scaffold).not.toHaveBeenCalled();
  });

  it('runs the backup template, waits for its task, then deletes', async () => {
    const scaffolderApi = scaffolderWith('open', 'processing', 'completed');
    const { api, onDeleted, dialog } = await renderButton(
      aStore({ id: 'careful-shop' }),
      { scaffolderApi },
    );
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: 'Back up first' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Back up, then delete' }),
    );
    await waitFor(() => expect(onDeleted).toHaveBeenCalled());
    expect(scaffolderApi.scaffold).toHaveBeenCalledWith({
      templateRef: 'template:default/store-backup',
      values: { name: 'careful-shop' },
    });
    expect(scaffolderApi.getTask).toHaveBeenCalledTimes(3);
    expect(scaffolderApi.getTask).toHaveBeenCalledWith('backup-task-1');
    expect(api.deleteStore).toHaveBeenCalledWith('careful-shop');
    // Deletion came after the backup had completed.
    expect(api.deleteStore.mock.invocationCallOrder[0]).toBeGreaterThan(
      scaffolderApi.getTask.mock.invocationCallOrder[2],
    );
  });

  it('keeps the store when the backup fails, linking to its task log', async () => {
    const scaffolderApi = scaffolderWith('processing', 'failed');
    const { api, onDeleted, dialog } = await renderButton(
      aStore({ id: 'lucky-shop' }),
      { scaffolderApi },
    );
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: 'Back up first' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Back up, then delete' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Could not delete: The backup failed; the store was not deleted. Its task log says why.',
    );
    expect(
      within(dialog).getByRole('link', { name: "backup's task log" }),
    ).toHaveAttribute('href', '/create/tasks/backup-task-1');
    expect(api.deleteStore).not.toHaveBeenCalled();
    expect(onDeleted).not.toHaveBeenCalled();
  });

  it('says why nothing happened when the backup cannot start', async () => {
    const scaffolderApi = {
      scaffold: jest.fn(async () => {
        throw new Error('Template store-backup not found');
      }),
      getTask: jest.fn(),
    };
    const { api, dialog } = await renderButton(aStore(), { scaffolderApi });
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: 'Back up first' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Back up, then delete' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Could not delete: Template store-backup not found',
    );
    expect(api.deleteStore).not.toHaveBeenCalled();
  });

  it.each<[string, Store, AuthorizeResult]>([
    [
      'a failed store (backup needs ready)',
      aStore({ id: 'failed-shop', status: 'failed' }),
      AuthorizeResult.ALLOW,
    ],
    [
      'a user without store.update',
      aStore({ id: 'delete-only-shop' }),
      AuthorizeResult.DENY,
    ],
  ])('does not offer it for %s', async (_case, store, updateDecision) => {
    const asked: string[] = [];
    const { dialog } = await renderButton(store, {
      authorize: (request: EvaluatePermissionRequest) => {
        asked.push(request.permission.name);
        return request.permission.name === 'store.update'
          ? updateDecision
          : AuthorizeResult.ALLOW;
      },
    });
    // Both decisions are in before looking (the checkbox waits for store.update).
    await waitFor(() => expect(asked).toContain('store.update'));
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(
      within(dialog).getByRole('button', { name: 'Delete store' }),
    ).toBeInTheDocument();
    expect(
      within(dialog).queryByRole('checkbox', { name: 'Back up first' }),
    ).not.toBeInTheDocument();
  });
});
