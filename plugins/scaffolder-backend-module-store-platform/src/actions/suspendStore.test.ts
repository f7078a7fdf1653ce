import {
  infoLines,
  registryWithStore,
  runAction as run,
} from '../__testUtils__/storeFixtures';
import { createSuspendStoreAction, StoreSuspender } from './suspendStore';

class FakeSuspender implements StoreSuspender {
  readonly suspended: string[] = [];
  failure?: Error;
  async suspend(
    storeId: string,
    options: { onProgress(message: string): void },
  ) {
    if (this.failure) throw this.failure;
    options.onProgress('scaling Deployment wordpress from 1 to 0');
    this.suspended.push(storeId);
    return { replicas: { wordpress: 1, mariadb: 1 } };
  }
}

async function setup(status: 'ready' | 'failed' | 'suspended' = 'ready') {
  const registry = await registryWithStore(status);
  const cluster = new FakeSuspender();
  const action = createSuspendStoreAction({ registry, cluster });
  return { registry, cluster, action };
}

describe('store:suspend', () => {
  it('stops the store and marks it suspended, with the task in its history', async () => {
    const { registry, cluster, action } = await setup();
    const { ctx, done } = run(action, { name: 'summer-sale' });
    await done;
    expect(cluster.suspended).toEqual(['summer-sale']);
    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'suspended',
      lastOperation: {
        kind: 'suspend',
        taskId: 'task-suspend',
        outcome: 'succeeded',
      },
    });
    expect(registry.transitions.at(-1)).toMatchObject({
      status: 'suspended',
    });
    expect(infoLines(ctx).join('\n')).toContain(
      'scaling Deployment wordpress from 1 to 0',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/summer-sale',
    );
  });

  it('refuses a store that is not ready, naming the allowed states, and touches nothing', async () => {
    const { registry, cluster, action } = await setup('suspended');
    await expect(run(action, { name: 'summer-sale' }).done).rejects.toThrow(
      'name: store "summer-sale" is suspended; suspend is allowed only when a store is ready',
    );
    expect(cluster.suspended).toEqual([]);
    expect(registry.finished).toEqual([]);
  });

  it.each([
    [{ name: 'Summer_Sale' }, /^name: /],
    [{ name: 'no-such-shop' }, 'name: there is no store "no-such-shop"'],
  ])('refuses %j naming the field', async (input, message) => {
    const { cluster, action } = await setup();
    await expect(run(action, input).done).rejects.toThrow(message);
    expect(cluster.suspended).toEqual([]);
  });

  it('refuses someone who may not change the store', async () => {
    const { registry, cluster, action } = await setup();
    registry.refusedUsers.add('user:default/bob');
    await expect(
      run(action, { name: 'summer-sale' }, { initiator: 'user:default/bob' })
        .done,
    ).rejects.toThrow('name: not allowed to suspend store "summer-sale"');
    expect(cluster.suspended).toEqual([]);
    expect(registry.stores.get('summer-sale')?.status).toBe('ready');
  });

  it('marks the store failed with the reason when the cluster fails midway', async () => {
    const { registry, cluster, action } = await setup();
    cluster.failure = new Error(
      'timed out after 300s waiting for pods of Deployment wordpress in store-summer-sale to be gone',
    );
    await expect(run(action, { name: 'summer-sale' }).done).rejects.toThrow(
      'pods of Deployment wordpress',
    );
    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'failed',
      lastOperation: { kind: 'suspend', outcome: 'failed' },
    });
  });

  it('says what it would do in a dry run, and touches nothing', async () => {
    const { registry, cluster, action } = await setup();
    const { ctx, done } = run(
      action,
      { name: 'summer-sale' },
      { isDryRun: true },
    );
    await done;
    expect(infoLines(ctx)).toContain(
      'Dry run: would scale Deployment wordpress and StatefulSet mariadb in namespace store-summer-sale to 0, recording their replicas for resume',
    );
    expect(cluster.suspended).toEqual([]);
    expect(registry.stores.get('summer-sale')?.status).toBe('ready');
  });
});
