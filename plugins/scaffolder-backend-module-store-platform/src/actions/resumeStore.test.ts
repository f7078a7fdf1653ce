import {
  infoLines,
  registryWithStore,
  runAction as run,
} from '../__testUtils__/storeFixtures';
import { createResumeStoreAction, StoreResumer } from './resumeStore';

class FakeResumer implements StoreResumer {
  readonly resumed: string[] = [];
  failure?: Error;
  async resume(storeId: string) {
    if (this.failure) throw this.failure;
    this.resumed.push(storeId);
    return { replicas: { wordpress: 2, mariadb: 1 } };
  }
}

async function setup(status: 'ready' | 'suspended' = 'suspended') {
  const registry = await registryWithStore(status);
  const cluster = new FakeResumer();
  const action = createResumeStoreAction({ registry, cluster });
  return { registry, cluster, action };
}

describe('store:resume', () => {
  it('starts the store again and marks it ready, saying how many replicas run', async () => {
    const { registry, cluster, action } = await setup();
    await run(action, { name: 'summer-sale' }).done;
    expect(cluster.resumed).toEqual(['summer-sale']);
    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'ready',
      lastOperation: {
        kind: 'resume',
        outcome: 'succeeded',
        message: 'resumed: 1 MariaDB and 2 WordPress replica(s) ready',
      },
    });
  });

  it('refuses a store that is ready, naming the allowed state', async () => {
    const { cluster, action } = await setup('ready');
    await expect(run(action, { name: 'summer-sale' }).done).rejects.toThrow(
      'name: store "summer-sale" is ready; resume is allowed only when a store is suspended',
    );
    expect(cluster.resumed).toEqual([]);
  });

  it('refuses a bad id naming the field', async () => {
    const { cluster, action } = await setup();
    await expect(run(action, { name: '-x' }).done).rejects.toThrow(/^name: /);
    expect(cluster.resumed).toEqual([]);
  });

  it('marks the store failed with the reason when it does not become ready', async () => {
    const { registry, cluster, action } = await setup();
    cluster.failure = new Error(
      'timed out after 300s waiting for Deployment store-summer-sale/wordpress',
    );
    await expect(run(action, { name: 'summer-sale' }).done).rejects.toThrow(
      'Deployment store-summer-sale/wordpress',
    );
    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'failed',
      statusMessage: expect.stringContaining('timed out'),
    });
  });

  it('does not start the store twice when a resumed task finds its step done', async () => {
    const { registry, cluster, action } = await setup();
    const checkpoints = new Map<string, any>([
      [
        'store-platform.resume.summer-sale.scale-up',
        { replicas: { wordpress: 1, mariadb: 1 } },
      ],
    ]);
    await run(action, { name: 'summer-sale' }, { checkpoints }).done;
    expect(cluster.resumed).toEqual([]);
    expect(registry.stores.get('summer-sale')?.status).toBe('ready');
  });

  it('touches nothing in a dry run', async () => {
    const { registry, cluster, action } = await setup();
    const { ctx, done } = run(
      action,
      { name: 'summer-sale' },
      { isDryRun: true },
    );
    await done;
    expect(infoLines(ctx).join('\n')).toContain(
      'Dry run: would scale StatefulSet mariadb, then Deployment wordpress',
    );
    expect(cluster.resumed).toEqual([]);
    expect(registry.stores.get('summer-sale')?.status).toBe('suspended');
  });
});
