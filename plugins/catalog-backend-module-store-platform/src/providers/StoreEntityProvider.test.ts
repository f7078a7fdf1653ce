import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { DeferredEntity } from '@backstage/plugin-catalog-node';
import { Store } from '@store-platform/plugin-store-platform-common';
import { FakeEntityProviderConnection } from '../__testUtils__/FakeEntityProviderConnection';
import { testStore } from '../__testUtils__/testStores';
import { StoreEntityProvider } from './StoreEntityProvider';
import { STORE_LOCATION, storeToEntity } from './storeToEntity';

function setup(stores: Store[] = []) {
  const source = { listAll: jest.fn(async () => stores) };
  const provider = new StoreEntityProvider(source, mockServices.logger.mock());
  const connection = new FakeEntityProviderConnection();
  return { source, provider, connection };
}

const names = (entities: DeferredEntity[]) =>
  entities.map(e => e.entity.metadata.name);

describe('StoreEntityProvider', () => {
  it('has a stable provider name', () => {
    expect(setup().provider.getProviderName()).toBe('store-platform');
  });

  it('refuses a full sync before the catalog connects', async () => {
    const { provider, source } = setup([testStore('early-one')]);
    await expect(provider.fullSync()).rejects.toThrow(/not connected/);
    expect(source.listAll).not.toHaveBeenCalled();
  });

  it('emits every store in one full mutation, under the provider location', async () => {
    const stores = Array.from({ length: 250 }, (_, i) =>
      testStore(`store-${i}`, {
        engine: i % 2 ? 'medusa' : 'woocommerce',
      }),
    );
    const { provider, connection } = setup(stores);
    await provider.connect(connection);

    expect(await provider.fullSync()).toBe(250);
    expect(connection.mutations).toHaveLength(1);
    const mutation = connection.last!;
    if (mutation.type !== 'full') throw new Error('expected a full mutation');
    expect(mutation.entities).toHaveLength(250);
    expect(new Set(names(mutation.entities))).toEqual(
      new Set(stores.map(s => s.id)),
    );
    expect(mutation.entities.every(e => e.locationKey === STORE_LOCATION)).toBe(
      true,
    );
    expect(mutation.entities[1].entity).toEqual(storeToEntity(stores[1]));
  });

  it('emits an empty full mutation when no store is left, so the catalog drops them all', async () => {
    const { provider, connection } = setup([]);
    await provider.connect(connection);
    await provider.fullSync();
    expect(connection.last).toEqual({ type: 'full', entities: [] });
  });

  it('emits a store once even if a page boundary shifted while reading', async () => {
    const twice = testStore('shifted');
    const { provider, connection } = setup([
      testStore('first-one'),
      twice,
      twice,
    ]);
    await provider.connect(connection);
    expect(await provider.fullSync()).toBe(2);
    const mutation = connection.last!;
    if (mutation.type !== 'full') throw new Error('expected a full mutation');
    expect(names(mutation.entities)).toEqual(['first-one', 'shifted']);
  });

  it('adds a registered store and updates a changed one with delta mutations', async () => {
    const { provider, connection } = setup();
    await provider.connect(connection);
    const pending = testStore('new-shop', { status: 'pending' });
    await provider.applyChange({ type: 'upserted', store: pending });
    const renamed = { ...pending, status: 'ready' as const, title: 'New' };
    await provider.applyChange({ type: 'upserted', store: renamed });

    expect(connection.mutations).toEqual([
      {
        type: 'delta',
        added: [
          { entity: storeToEntity(pending), locationKey: STORE_LOCATION },
        ],
        removed: [],
      },
      {
        type: 'delta',
        added: [
          { entity: storeToEntity(renamed), locationKey: STORE_LOCATION },
        ],
        removed: [],
      },
    ]);
    const [, update] = connection.mutations;
    if (update.type !== 'delta') throw new Error('expected a delta mutation');
    expect((update.added[0].entity as Entity).metadata.title).toBe('New');
  });

  it('removes a deleted store from the catalog by its entity ref', async () => {
    const { provider, connection } = setup();
    await provider.connect(connection);
    await provider.applyChange({
      type: 'removed',
      store: testStore('gone-shop'),
    });
    expect(connection.mutations).toEqual([
      {
        type: 'delta',
        added: [],
        removed: [
          {
            entityRef: 'resource:default/gone-shop',
            locationKey: STORE_LOCATION,
          },
        ],
      },
    ]);
  });

  it('ignores changes that arrive before the catalog connects', async () => {
    const { provider, connection } = setup();
    await expect(
      provider.applyChange({ type: 'upserted', store: testStore('too-soon') }),
    ).resolves.toBeUndefined();
    await provider.connect(connection);
    expect(connection.mutations).toEqual([]);
  });
});
