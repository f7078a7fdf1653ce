import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { FakeRegistry } from '../__testUtils__/fakes';
import { createRegisterStoreAction } from './registerStore';

type RegisterInput = Parameters<
  ReturnType<typeof createRegisterStoreAction>['handler']
>[0]['input'];

const input: RegisterInput = {
  name: 'summer-sale',
  title: 'Summer Sale',
  engine: 'woocommerce',
  owner: 'group:default/shop-team',
  size: 'small',
};

describe('store:register', () => {
  it('registers the store as pending with the task id', async () => {
    const registry = new FakeRegistry();
    const action = createRegisterStoreAction({ registry });
    const ctx = createMockActionContext({ input, task: { id: 'task-1' } });

    await action.handler(ctx);

    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'pending',
      owner: 'group:default/shop-team',
      taskId: 'task-1',
    });
    expect(ctx.output).toHaveBeenCalledWith('namespace', 'store-summer-sale');
  });

  it("registers as the task's initiator; a refused owner names the field and registers nothing", async () => {
    const registry = new FakeRegistry();
    registry.refusedUsers.add('user:default/mock');
    const action = createRegisterStoreAction({ registry });
    const ctx = createMockActionContext({ input, task: { id: 'task-1' } });

    await expect(action.handler(ctx)).rejects.toThrow(
      /^owner: user:default\/mock may not do that/,
    );
    expect(registry.stores.size).toBe(0);
  });

  it('passes the chosen cluster on, and a refusal of it as the backend words it', async () => {
    const registry = new FakeRegistry();
    const register = jest
      .spyOn(registry, 'register')
      .mockRejectedValueOnce(
        Object.assign(
          new Error(
            'cluster: not allowed to place stores on cluster us; you may use eu',
          ),
          { name: 'NotAllowedError' },
        ),
      );
    const action = createRegisterStoreAction({ registry });
    const ctx = createMockActionContext({
      input: { ...input, cluster: 'us', clusterSelector: { tier: 'gold' } },
      task: { id: 'task-1' },
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      /^cluster: not allowed to place stores on cluster us; you may use eu$/,
    );
    expect(register).toHaveBeenCalledWith(
      expect.objectContaining({
        cluster: 'us',
        clusterSelector: { tier: 'gold' },
      }),
      expect.anything(),
    );
  });

  it.each([
    [{ name: 'Summer_Sale' }, 'name: must be lowercase'],
    [{ name: 'ab' }, 'name: must be at least 3 characters'],
    [{ engine: 'magento' }, 'engine:'],
    [{ owner: 'nobody' }, 'owner: must be a user or group entity ref'],
    [{ size: 'huge' }, 'size:'],
  ])(
    'refuses %j naming the field, registering nothing',
    async (bad, message) => {
      const registry = new FakeRegistry();
      const action = createRegisterStoreAction({ registry });
      // Values outside the schema's choices: the scaffolder refuses them before the
      // handler, and the handler refuses them again when called directly.
      const ctx = createMockActionContext({
        input: { ...input, ...bad } as RegisterInput,
      });

      await expect(action.handler(ctx)).rejects.toThrow(message);
      expect(registry.stores.size).toBe(0);
    },
  );

  it.each([false, true])(
    'refuses the Medusa stub naming engine before the registry is called (dry run: %s)',
    async isDryRun => {
      const registry = new FakeRegistry();
      const register = jest.spyOn(registry, 'register');
      const get = jest.spyOn(registry, 'get');
      const action = createRegisterStoreAction({ registry });
      const ctx = {
        ...createMockActionContext({
          input: { ...input, engine: 'medusa' as const },
        }),
        isDryRun,
      };

      await expect(action.handler(ctx)).rejects.toThrow(
        'engine: the medusa engine is not available yet; choose woocommerce',
      );
      expect(register).not.toHaveBeenCalled();
      expect(get).not.toHaveBeenCalled();
      expect(registry.stores.size).toBe(0);
    },
  );

  it('refuses an id that another task already holds', async () => {
    const registry = new FakeRegistry();
    await registry.register({
      ...input,
      id: 'summer-sale',
      taskId: 'other',
    } as any);
    const action = createRegisterStoreAction({ registry });
    const ctx = createMockActionContext({ input, task: { id: 'task-2' } });

    await expect(action.handler(ctx)).rejects.toThrow(
      'name: a store with id "summer-sale" already exists; choose another name',
    );
  });

  it('accepts its own earlier registration when a task is retried', async () => {
    const registry = new FakeRegistry();
    const action = createRegisterStoreAction({ registry });
    await action.handler(
      createMockActionContext({ input, task: { id: 'task-3' } }),
    );

    await expect(
      action.handler(
        createMockActionContext({ input, task: { id: 'task-3' } }),
      ),
    ).resolves.toBeUndefined();
    expect(registry.stores.get('summer-sale')?.status).toBe('pending');
  });

  it('touches nothing in a dry run', async () => {
    const registry = new FakeRegistry();
    const action = createRegisterStoreAction({ registry });
    // The mock context does not pass isDryRun through; set it on the result.
    const ctx = { ...createMockActionContext({ input }), isDryRun: true };

    await action.handler(ctx);

    expect(registry.stores.size).toBe(0);
    expect(ctx.output).toHaveBeenCalledWith('storeId', 'summer-sale');
  });
});
