import { JsonValue } from '@backstage/types';
import { actionContext } from '../__testUtils__/context';
import { FakeRegistry } from '../__testUtils__/fakes';
import { runStoreOperation, StoreOperationOptions } from './runStoreOperation';

/** A ready store of the shop team. */
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

function lines(ctx: ReturnType<typeof actionContext>): string[] {
  const logger = ctx.logger as any;
  return [
    ...logger.info.mock.calls,
    ...logger.warn.mock.calls,
    ...logger.error.mock.calls,
  ].map(c => String(c[0]));
}

function options(
  registry: FakeRegistry,
  overrides: Partial<StoreOperationOptions> = {},
): StoreOperationOptions {
  return {
    registry,
    operation: 'resize',
    storeId: 'summer-sale',
    describe: store => [`would resize ${store.id} to large`],
    run: async ({ step }) => {
      await step('quota', 'Quota and limits', async progress => {
        progress('applying the quota of large');
      });
      return { message: 'resized to large', changes: { size: 'large' } };
    },
    ...overrides,
  };
}

describe('runStoreOperation', () => {
  it('takes the lease as the initiator, runs checkpointed sections, and records the outcome', async () => {
    const registry = await readyStore();
    const ctx = actionContext({
      input: {},
      taskId: 'task-7',
      initiator: 'user:default/alice',
    });

    const store = await runStoreOperation(ctx as any, options(registry));

    expect(store).toMatchObject({
      status: 'ready',
      size: 'large',
      lastOperation: { kind: 'resize', taskId: 'task-7', outcome: 'succeeded' },
    });
    expect(store?.operation).toBeUndefined();
    expect(ctx.checkpointKeys()).toEqual([
      'store-platform.resize.summer-sale.quota',
    ]);
    expect(lines(ctx)).toEqual(
      expect.arrayContaining([
        '▶ Quota and limits: started',
        '  Quota and limits: applying the quota of large',
        'resized to large',
      ]),
    );
  });

  it('skips a section a resumed task already finished', async () => {
    const registry = await readyStore();
    const checkpoints = new Map<string, JsonValue | void>([
      ['store-platform.resize.summer-sale.quota', undefined],
    ]);
    const ran: string[] = [];
    await runStoreOperation(
      actionContext({ input: {}, checkpoints }) as any,
      options(registry, {
        run: async ({ step }) => {
          await step('quota', 'Quota', async () => void ran.push('quota'));
          await step(
            'rollout',
            'Rollout',
            async () => void ran.push('rollout'),
          );
          return { message: 'done' };
        },
      }),
    );
    expect(ran).toEqual(['rollout']);
  });

  it('refuses a store in the wrong status or of another team before taking anything', async () => {
    const registry = await readyStore();
    const work = jest.fn();
    await expect(
      runStoreOperation(
        actionContext({ input: {} }) as any,
        options(registry, { operation: 'resume', run: work }),
      ),
    ).rejects.toThrow(
      'name: store "summer-sale" is ready; resume is allowed only when a store is suspended',
    );
    registry.refusedUsers.add('user:default/mallory');
    await expect(
      runStoreOperation(
        actionContext({ input: {}, initiator: 'user:default/mallory' }) as any,
        options(registry, { run: work }),
      ),
    ).rejects.toThrow(
      'name: not allowed to resize store "summer-sale": it is owned by group:default/shop-team',
    );
    expect(work).not.toHaveBeenCalled();
    expect(registry.stores.get('summer-sale')?.operation).toBeUndefined();
    await expect(
      runStoreOperation(
        actionContext({ input: {} }) as any,
        options(registry, { storeId: 'no-such-store' }),
      ),
    ).rejects.toThrow('name: there is no store "no-such-store"');
  });

  it('records a failure with its message and status, and releases the store', async () => {
    const registry = await readyStore();
    await expect(
      runStoreOperation(
        actionContext({ input: {} }) as any,
        options(registry, {
          operation: 'suspend',
          failureStatus: 'failed',
          run: async () => {
            throw new Error(
              'Deployment wordpress: pods would not stop\nstill 1',
            );
          },
        }),
      ),
    ).rejects.toThrow('Deployment wordpress: pods would not stop');
    const store = registry.stores.get('summer-sale')!;
    expect(store).toMatchObject({
      status: 'failed',
      statusMessage: 'Deployment wordpress: pods would not stop\nstill 1',
      lastOperation: { kind: 'suspend', outcome: 'failed' },
    });
    expect(store.operation).toBeUndefined();
  });

  it('stops when the task is cancelled, says so, and leaves the store as it was', async () => {
    const registry = await readyStore();
    const controller = new AbortController();
    const ctx = actionContext({ input: {}, signal: controller.signal });
    await expect(
      runStoreOperation(
        ctx as any,
        options(registry, {
          run: async ({ signal }) => {
            controller.abort();
            signal.throwIfAborted();
            return { message: 'not reached' };
          },
        }),
      ),
    ).rejects.toThrow('resize was cancelled before it finished');
    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'ready',
      lastOperation: {
        outcome: 'failed',
        message: 'resize was cancelled before it finished',
      },
    });
  });

  it('aborts its work when it loses the lease (the store is being deleted)', async () => {
    const registry = await readyStore();
    let sawAbort = false;
    await expect(
      runStoreOperation(
        actionContext({ input: {} }) as any,
        options(registry, {
          heartbeatIntervalMs: 10,
          run: async ({ signal }) => {
            // Someone deletes the store: the lease is gone, the next heartbeat refused.
            const store = registry.stores.get('summer-sale')!;
            registry.stores.set('summer-sale', {
              ...store,
              operation: undefined,
              status: 'deleting',
            });
            await new Promise<void>(resolve =>
              signal.addEventListener('abort', () => resolve(), { once: true }),
            );
            sawAbort = true;
            signal.throwIfAborted();
            return { message: 'not reached' };
          },
        }),
      ),
    ).rejects.toThrow(
      'resize stopped: this task no longer holds store "summer-sale" (it is being deleted',
    );
    expect(sawAbort).toBe(true);
  });

  it('changes nothing in a dry run and says what it would do', async () => {
    const registry = await readyStore();
    const ctx = actionContext({ input: {}, isDryRun: true });
    const work = jest.fn();
    expect(
      await runStoreOperation(ctx as any, options(registry, { run: work })),
    ).toBeUndefined();
    expect(work).not.toHaveBeenCalled();
    expect(lines(ctx)).toContain('Dry run: would resize summer-sale to large');
    expect(registry.stores.get('summer-sale')?.operation).toBeUndefined();
  });
});
