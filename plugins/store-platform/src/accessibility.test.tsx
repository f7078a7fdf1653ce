import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { seriousAxeViolations } from './__testUtils__/axe';
import {
  aStore,
  aStoreEntity,
  mockStorePlatformApi,
  someEvents,
} from './__testUtils__/fixtures';
import { renderWithApis } from './__testUtils__/renderWithApis';
import { EntityStoreCard } from './components/EntityStoreCard';
import { StoresPage } from './components/StoresPage';

// Full MUI renders are slow on a busy 2-core machine; this is not a timing check.
jest.setTimeout(20_000);

// Component-level axe checks in jsdom (no colour contrast: see seriousAxeViolations).
describe('accessibility (axe-core, serious and critical)', () => {
  it('finds a violation when there is one, so a clean result means something', async () => {
    render(
      <div>
        <button type="button" />
        {/* eslint-disable-next-line jsx-a11y/alt-text -- the point of this test */}
        <img src="x.png" />
      </div>,
    );
    const violations = await seriousAxeViolations();
    expect(violations.some(v => v.startsWith('button-name'))).toBe(true);
    expect(violations.some(v => v.startsWith('image-alt'))).toBe(true);
  });

  it('the store card, history open, failure shown', async () => {
    const api = mockStorePlatformApi();
    api.getStore.mockResolvedValue(
      aStore({ status: 'failed', statusMessage: 'bootstrap Job failed' }),
    );
    api.getStoreEvents.mockResolvedValue(someEvents());
    await renderWithApis(<EntityStoreCard />, { api, entity: aStoreEntity() });
    await userEvent.click(
      await screen.findByRole('button', { name: 'History (3)' }),
    );
    expect(await seriousAxeViolations()).toEqual([]);
  });

  it('the store card with day-two facts: operations menu open, warnings, last operation', async () => {
    const api = mockStorePlatformApi();
    api.getStore.mockResolvedValue(
      aStore({
        images: { wordpress: 'docker.io/library/wordpress:6.4' },
        upgradeAvailable: true,
        lastOperation: {
          kind: 'backup',
          taskId: 'task-1',
          outcome: 'failed',
          message: 'backup Job failed\nmariadb-dump: access denied',
          startedAt: '2025-01-02T11:00:00.000Z',
          finishedAt: '2025-01-02T11:01:00.000Z',
        },
      }),
    );
    api.getStoreEvents.mockResolvedValue(someEvents());
    api.getKubernetesEvents.mockResolvedValue([
      {
        reason: 'BackOff',
        object: 'Pod/wordpress-1',
        message: 'Back-off restarting failed container',
        count: 3,
        lastSeen: '2025-01-02T11:02:00.000Z',
      },
    ]);
    api.listBackups.mockResolvedValue([
      { id: 'b1', createdAt: '2025-01-02T10:00:00.000Z', status: 'succeeded' },
    ]);
    await renderWithApis(<EntityStoreCard />, { api, entity: aStoreEntity() });
    await screen.findByRole('region', { name: 'Kubernetes warnings' });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Operations' }),
    );
    await screen.findByRole('menu');
    expect(await seriousAxeViolations()).toEqual([]);
  });

  it('the running operation', async () => {
    const api = mockStorePlatformApi();
    api.getStore.mockResolvedValue(
      aStore({
        status: 'suspended',
        operation: {
          kind: 'resume',
          taskId: 'task-2',
          startedAt: '2025-01-02T11:00:00.000Z',
          heartbeatAt: '2025-01-02T11:00:05.000Z',
        },
      }),
    );
    api.getStoreEvents.mockResolvedValue(someEvents());
    await renderWithApis(<EntityStoreCard pollIntervalMs={60_000} />, {
      api,
      entity: aStoreEntity(),
    });
    await screen.findByTestId('running-operation');
    expect(await seriousAxeViolations()).toEqual([]);
  });

  it('the delete confirmation dialog, back up first ticked', async () => {
    const api = mockStorePlatformApi();
    api.getStore.mockResolvedValue(aStore());
    api.getStoreEvents.mockResolvedValue(someEvents());
    await renderWithApis(<EntityStoreCard />, { api, entity: aStoreEntity() });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete' }),
    );
    await userEvent.click(
      await screen.findByRole('checkbox', { name: 'Back up first' }),
    );
    expect(await seriousAxeViolations()).toEqual([]);
  });

  it('the delete confirmation dialog', async () => {
    const api = mockStorePlatformApi();
    api.getStore.mockResolvedValue(aStore());
    api.getStoreEvents.mockResolvedValue(someEvents());
    await renderWithApis(<EntityStoreCard />, { api, entity: aStoreEntity() });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete' }),
    );
    await screen.findByRole('dialog');
    expect(await seriousAxeViolations()).toEqual([]);
  });

  it('the admin credentials dialog, password shown', async () => {
    const api = mockStorePlatformApi();
    api.getStore.mockResolvedValue(aStore());
    api.getStoreEvents.mockResolvedValue(someEvents());
    api.getAdminCredentials.mockResolvedValue({
      username: 'admin',
      password: 'pw-Secret-123',
    });
    await renderWithApis(<EntityStoreCard />, { api, entity: aStoreEntity() });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show admin credentials' }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show Password' }),
    );
    expect(await seriousAxeViolations()).toEqual([]);
  });

  it('the reset admin password confirmation', async () => {
    const api = mockStorePlatformApi();
    api.getStore.mockResolvedValue(aStore());
    api.getStoreEvents.mockResolvedValue(someEvents());
    await renderWithApis(<EntityStoreCard />, { api, entity: aStoreEntity() });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reset admin password' }),
    );
    await screen.findByRole('dialog');
    expect(await seriousAxeViolations()).toEqual([]);
  });

  it('the stores page with stores', async () => {
    const api = mockStorePlatformApi();
    api.listStores.mockResolvedValue({
      items: [
        aStore(),
        aStore({ id: 'medusa-shop', engine: 'medusa', status: 'failed' }),
      ],
      totalCount: 2,
      offset: 0,
      limit: 100,
    });
    const catalogApi = {
      getEntitiesByRefs: async (req: { entityRefs: string[] }) => ({
        items: req.entityRefs.map(ref =>
          ref === 'resource:default/corner-shop' ? aStoreEntity() : undefined,
        ),
      }),
    };
    await renderWithApis(<StoresPage />, { api, catalogApi });
    await screen.findByRole('link', { name: 'corner-shop' });
    expect(await seriousAxeViolations()).toEqual([]);
  });

  it('the stores page when empty', async () => {
    const api = mockStorePlatformApi();
    api.listStores.mockResolvedValue({
      items: [],
      totalCount: 0,
      offset: 0,
      limit: 100,
    });
    await renderWithApis(<StoresPage />, { api });
    await screen.findByText('No stores yet');
    expect(await seriousAxeViolations()).toEqual([]);
  });
});
