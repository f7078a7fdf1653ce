import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { PageBlueprint, useApi } from '@backstage/frontend-plugin-api';
import {
  mockApis,
  renderTestApp,
  RenderTestAppOptions,
} from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { formFieldsApiRef } from '@backstage/plugin-scaffolder-react/alpha';
import { useEffect, useState } from 'react';
import {
  aLookAlikeStoreEntity,
  aStore,
  aStoreEntity,
  mockStorePlatformApi,
  someEvents,
} from '../__testUtils__/fixtures';
import { storePlatformApiRef } from '../api';
import storePlatformPlugin from '../alpha';

// A whole app renders per test on a busy 2-core machine; this is patience, not a timing check.
jest.setTimeout(60_000);
const firstPaint = { timeout: 20_000 };

const webComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    type: 'website',
    owner: 'group:default/shop-team',
    lifecycle: 'production',
  },
};

function storeApi() {
  const api = mockStorePlatformApi();
  api.getStore.mockResolvedValue(aStore({ id: 'corner-shop' }));
  api.getStoreEvents.mockResolvedValue(someEvents());
  api.listStores.mockResolvedValue({
    items: [
      aStore({ id: 'corner-shop' }),
      aStore({ id: 'tea-house', title: 'Tea house' }),
    ],
    totalCount: 2,
    limit: 50,
  });
  return api;
}

function renderApp(
  path: string,
  api = storeApi(),
  extensions: RenderTestAppOptions['extensions'] = [],
  config?: RenderTestAppOptions['config'],
) {
  return renderTestApp({
    config,
    // As in a stock app: the card's delete starts a backup through the scaffolder.
    features: [catalogPlugin, scaffolderPlugin, storePlatformPlugin],
    extensions,
    initialRouteEntries: [path],
    apis: [
      [storePlatformApiRef, api],
      catalogApiMock({
        entities: [
          aStoreEntity('corner-shop'),
          aLookAlikeStoreEntity('look-alike'),
          webComponent,
        ],
      }),
      [
        permissionApiRef,
        mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
      ],
    ],
  });
}

describe('store-platform frontend plugin (new frontend system)', () => {
  it("shows the store card on a store entity's overview, read from the store API", async () => {
    const api = storeApi();
    renderApp('/catalog/default/resource/corner-shop', api);
    expect(
      await screen.findByRole(
        'link',
        { name: /corner-shop\.localhost/ },
        firstPaint,
      ),
    ).toHaveAttribute('href', 'http://corner-shop.localhost');
    expect(api.getStore).toHaveBeenCalledWith('corner-shop');
  });

  it.each([
    ['a component', '/catalog/default/component/web'],
    [
      'a look-alike store from a catalog file',
      '/catalog/default/resource/look-alike',
    ],
  ])('leaves the store card off the overview of %s', async (_what, path) => {
    const api = storeApi();
    renderApp(path, api);
    // The overview has rendered (the About card is there) without the store card.
    expect(
      await screen.findByText('About', undefined, firstPaint),
    ).toBeInTheDocument();
    expect(screen.queryByText('Store')).not.toBeInTheDocument();
    expect(api.getStore).not.toHaveBeenCalled();
  });

  it("links a store's task logs to the scaffolder through the routes the app binds", async () => {
    const api = storeApi();
    api.getStore.mockResolvedValue(
      aStore({
        id: 'corner-shop',
        operation: {
          kind: 'backup',
          taskId: 'task-7',
          startedAt: '2025-01-02T11:00:00.000Z',
          heartbeatAt: '2025-01-02T11:00:05.000Z',
        },
      }),
    );
    // The scaffolder moved off /create, where the unbound links would point.
    renderApp('/catalog/default/resource/corner-shop', api, [], {
      backend: { baseUrl: 'http://localhost:7007' },
      app: {
        baseUrl: 'http://localhost:3000',
        extensions: [
          { 'page:scaffolder': { config: { path: '/self-service' } } },
        ],
        routes: {
          bindings: { 'store-platform.taskPage': 'scaffolder.ongoingTask' },
        },
      },
    });
    expect(
      await screen.findByRole(
        'link',
        { name: /task log of the running backup/ },
        firstPaint,
      ),
    ).toHaveAttribute('href', '/self-service/tasks/task-7');
  });

  it('mounts the stores page at /stores, in the nav, and lists the stores', async () => {
    const api = storeApi();
    renderApp('/stores', api);
    expect(
      await screen.findByText('Tea house', undefined, firstPaint),
    ).toBeInTheDocument();
    expect(screen.getByText('Corner shop')).toBeInTheDocument();
    expect(api.listStores).toHaveBeenCalled();
    expect(screen.getByRole('link', { name: 'Stores' })).toHaveAttribute(
      'href',
      '/stores',
    );
  });

  it("gives the scaffolder's forms the StoreId and StoreCluster fields", async () => {
    // What the Create page's forms get: the scaffolder's own form-fields API.
    function FormFieldNames() {
      const formFieldsApi = useApi(formFieldsApiRef);
      const [names, setNames] = useState<string[]>([]);
      useEffect(() => {
        formFieldsApi
          .loadFormFields()
          // FormField is opaque in the public types; the scaffolder reads the same names.
          .then(fields =>
            setNames(
              (fields as unknown as { name: string }[])
                .map(field => field.name)
                .sort(),
            ),
          );
      }, [formFieldsApi]);
      return <p>form fields: {names.join(', ')}</p>;
    }
    renderApp('/probe', storeApi(), [
      PageBlueprint.make({
        name: 'probe',
        params: { path: '/probe', loader: async () => <FormFieldNames /> },
      }),
    ]);
    expect(
      await screen.findByText(
        /form fields: .*StoreCluster, StoreId/,
        undefined,
        firstPaint,
      ),
    ).toBeInTheDocument();
  });
});
