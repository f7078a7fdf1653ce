import { ConflictError } from '@backstage/errors';
import { StoreSize } from '@store-platform/plugin-store-platform-common';
import {
  infoLines,
  registryWithStore,
  runAction as run,
} from '../__testUtils__/storeFixtures';
import { createResizeStoreAction, StoreResizer } from './resizeStore';

class FakeResizer implements StoreResizer {
  readonly resized: Array<[string, StoreSize]> = [];
  failure?: Error;
  async resize(storeId: string, size: StoreSize) {
    if (this.failure) throw this.failure;
    this.resized.push([storeId, size]);
    return {
      from: 'medium' as const,
      to: size,
      volumes: [
        {
          claim: 'mariadb-data',
          from: '10Gi',
          to: '10Gi',
          kept: 'StorageClass slow does not allow volume expansion (the new size has 50Gi)',
        },
        { claim: 'wordpress-data', from: '5Gi', to: '5Gi' },
      ],
    };
  }
}

async function setup(status: 'ready' | 'suspended' = 'ready') {
  const registry = await registryWithStore(status, { size: 'medium' });
  const cluster = new FakeResizer();
  const action = createResizeStoreAction({ registry, cluster });
  return { registry, cluster, action };
}

describe('store:resize', () => {
  it('resizes the store, records its size, and says which volumes were kept', async () => {
    const { registry, cluster, action } = await setup();
    const { ctx, done } = run(action, { name: 'summer-sale', size: 'large' });
    await done;
    expect(cluster.resized).toEqual([['summer-sale', 'large']]);
    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'ready',
      size: 'large',
      lastOperation: {
        kind: 'resize',
        outcome: 'succeeded',
        message:
          'resized from medium to large\nvolume mariadb-data stays 10Gi: StorageClass slow does not allow volume expansion (the new size has 50Gi)',
      },
    });
    expect(registry.finished).toEqual([
      expect.objectContaining({ changes: { size: 'large' } }),
    ]);
    expect(ctx.output).toHaveBeenCalledWith('size', 'large');
  });

  it.each([
    [
      { name: 'summer-sale', size: 'huge' },
      'size: must be one of small, medium, large',
    ],
    [
      { name: 'summer-sale', size: 'medium' },
      'size: store "summer-sale" is already medium',
    ],
    [{ name: 'Summer Sale', size: 'large' }, /^name: /],
    [
      { name: 'no-such-shop', size: 'large' },
      'name: there is no store "no-such-shop"',
    ],
  ])(
    'refuses %j naming the field, changing nothing',
    async (input, message) => {
      const { registry, cluster, action } = await setup();
      await expect(run(action, input).done).rejects.toThrow(message);
      expect(cluster.resized).toEqual([]);
      expect(registry.finished).toEqual([]);
      expect(registry.stores.get('summer-sale')?.size).toBe('medium');
    },
  );

  it('refuses a suspended store, naming the allowed state', async () => {
    const { cluster, action } = await setup('suspended');
    await expect(
      run(action, { name: 'summer-sale', size: 'large' }).done,
    ).rejects.toThrow(
      'name: store "summer-sale" is suspended; resize is allowed only when a store is ready',
    );
    expect(cluster.resized).toEqual([]);
  });

  it('keeps the store ready and its size when the pods would not fit, and records why', async () => {
    const { registry, cluster, action } = await setup();
    cluster.failure = new ConflictError(
      "store summer-sale cannot be resized to small: the pods running in store-summer-sale would not fit its quota (requests.cpu: 1000m needed, 850m allowed). Stop the pods that are not the store's own, or choose a larger size; nothing was changed",
    );
    await expect(
      run(action, { name: 'summer-sale', size: 'small' }).done,
    ).rejects.toThrow('requests.cpu: 1000m needed, 850m allowed');
    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'ready',
      size: 'medium',
      lastOperation: { kind: 'resize', outcome: 'failed' },
    });
  });

  it('touches nothing in a dry run', async () => {
    const { registry, cluster, action } = await setup();
    const { ctx, done } = run(
      action,
      { name: 'summer-sale', size: 'large' },
      { isDryRun: true },
    );
    await done;
    expect(infoLines(ctx)).toContain(
      'Dry run: would record store summer-sale as large (it is medium)',
    );
    expect(cluster.resized).toEqual([]);
    expect(registry.finished).toEqual([]);
  });
});
