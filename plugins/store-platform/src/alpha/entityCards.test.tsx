import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import {
  aLookAlikeStoreEntity,
  aStore,
  aStoreEntity,
  mockStorePlatformApi,
  someEvents,
} from '../__testUtils__/fixtures';
import { storePlatformApiRef } from '../api';
import { entityStoreCard } from './entityCards';

// Full MUI renders are slow on a busy 2-core machine; this is not a timing check.
jest.setTimeout(20_000);

function fakeApi() {
  const api = mockStorePlatformApi();
  api.getStore.mockResolvedValue(aStore({ id: 'corner-shop' }));
  api.getStoreEvents.mockResolvedValue(someEvents());
  return api;
}

describe('entity-card:store-platform/store', () => {
  it("renders the legacy card's content for a store entity, from the store API", async () => {
    const api = fakeApi();
    const card = createExtensionTester(entityStoreCard).reactElement();
    await renderInTestApp(
      <EntityProvider entity={aStoreEntity('corner-shop')}>
        {card}
      </EntityProvider>,
      {
        apis: [
          [storePlatformApiRef, api],
          [
            permissionApiRef,
            mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
          ],
          // The card's delete runs a backup task first; nothing here deletes.
          [scaffolderApiRef, {}],
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByRole('link', { name: /corner-shop\.localhost/ }),
    ).toHaveAttribute('href', 'http://corner-shop.localhost');
    expect(screen.getByText('Ready')).toBeInTheDocument();
    expect(api.getStore).toHaveBeenCalledWith('corner-shop');
  });

  it('is offered only to the entities the store-platform provider emitted', () => {
    const tester = createExtensionTester(entityStoreCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter).toBeDefined();
    expect(filter!(aStoreEntity('corner-shop'))).toBe(true);
    expect(filter!(aLookAlikeStoreEntity('corner-shop'))).toBe(false);
    expect(
      filter!({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'web' },
      }),
    ).toBe(false);
  });
});
