import { FakeRegistry } from '../__testUtils__/fakes';
import { actionContext } from '../__testUtils__/context';
import { createDeleteStoreAction } from './deleteStore';

async function readyStore() {
  const registry = new FakeRegistry();
  await registry.register({
    id: 'summer-sale',
    engine: 'woocommerce',
    owner: 'group:default/shop-team',
  });
  await registry.transition('summer-sale', { status: 'provisioning' });
  await registry.transition('summer-sale', { status: 'ready' });
  return registry;
}

describe('store:delete', () => {
  it('starts deletion of a store', async () => {
    const registry = await readyStore();
    const action = createDeleteStoreAction({ registry });
    const ctx = actionContext({ input: { name: 'summer-sale' } });

    await action.handler(ctx as any);

    expect(registry.stores.get('summer-sale')?.status).toBe('deleting');
    expect(ctx.output).toHaveBeenCalledWith('status', 'deleting');
  });

  it('names the field for a malformed id and an unknown store', async () => {
    const registry = await readyStore();
    const action = createDeleteStoreAction({ registry });

    await expect(
      action.handler(actionContext({ input: { name: '../etc' } }) as any),
    ).rejects.toThrow('name: may contain only lowercase letters');
    await expect(
      action.handler(
        actionContext({ input: { name: 'no-such-store' } }) as any,
      ),
    ).rejects.toThrow('name: no store has the id "no-such-store"');
    expect(registry.stores.get('summer-sale')?.status).toBe('ready');
  });

  it('touches nothing in a dry run', async () => {
    const registry = await readyStore();
    const action = createDeleteStoreAction({ registry });

    await action.handler(
      actionContext({ input: { name: 'summer-sale' }, isDryRun: true }) as any,
    );

    expect(registry.stores.get('summer-sale')?.status).toBe('ready');
  });
});
