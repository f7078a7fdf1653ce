import { JsonValue } from '@backstage/types';
import { StoreBackup } from '@store-platform/plugin-store-platform-common';
import { actionContext } from '../__testUtils__/context';
import { registryWithStore } from '../__testUtils__/storeFixtures';
import { createBackupStoreAction, StoreBackupper } from './backupStore';

class FakeBackupper implements StoreBackupper {
  readonly calls: Array<{ storeId: string; size: string; backupId: string }> =
    [];
  failWith?: Error;
  private next = 0;

  retention() {
    return 5;
  }

  newBackupId(storeId: string) {
    this.next += 1;
    return `${storeId}-20261130-18000${this.next}`;
  }

  async backup(options: Parameters<StoreBackupper['backup']>[0]) {
    this.calls.push({
      storeId: options.storeId,
      size: options.size,
      backupId: options.backupId,
    });
    options.onProgress(`waiting for Job backup-${options.backupId}`);
    if (this.failWith) throw this.failWith;
    const backup: StoreBackup = {
      id: options.backupId,
      createdAt: '2026-11-30T18:00:01.000Z',
      status: 'succeeded',
      sizeBytes: 3 * 1024 * 1024,
    };
    return backup;
  }
}

async function setup(status: 'ready' | 'suspended' = 'ready') {
  const registry = await registryWithStore(status, { size: 'medium' });
  const backups = new FakeBackupper();
  const action = createBackupStoreAction({ registry, backups });
  return { registry, backups, action };
}

const ctxFor = (
  input: Record<string, unknown>,
  extra: Parameters<typeof actionContext>[0] extends infer O
    ? Partial<O>
    : never = {},
) =>
  actionContext({
    input: input as any,
    taskId: 'task-backup',
    initiator: 'user:default/shopper',
    ...extra,
  });

describe('store:backup', () => {
  it('backs a ready store up at its size, as the initiator, and records it; the store stays ready', async () => {
    const { registry, backups, action } = await setup();
    const ctx = ctxFor({ name: 'summer-sale' });
    await action.handler(ctx as any);

    expect(backups.calls).toEqual([
      {
        storeId: 'summer-sale',
        size: 'medium',
        backupId: 'summer-sale-20261130-180001',
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'backupId',
      'summer-sale-20261130-180001',
    );
    const store = registry.stores.get('summer-sale')!;
    expect(store.status).toBe('ready');
    expect(store.operation).toBeUndefined();
    expect(store.lastOperation).toMatchObject({
      kind: 'backup',
      outcome: 'succeeded',
      taskId: 'task-backup',
      message: 'backed up as summer-sale-20261130-180001, 3.0 MiB',
    });
    expect(registry.transitions).toEqual([]);
    expect(ctx.checkpointKeys()).toEqual([
      'store-platform.backup.summer-sale.id',
      'store-platform.backup.summer-sale.backup',
    ]);
  });

  it('follows the same backup id when a resumed task runs again', async () => {
    const { backups, action } = await setup();
    const checkpoints = new Map<string, JsonValue | void>([
      ['store-platform.backup.summer-sale.id', 'summer-sale-20261130-170000'],
    ]);
    await action.handler(
      ctxFor({ name: 'summer-sale' }, { checkpoints }) as any,
    );
    expect(backups.calls.map(c => c.backupId)).toEqual([
      'summer-sale-20261130-170000',
    ]);
  });

  it('records a failed backup and leaves the store ready', async () => {
    const { registry, backups, action } = await setup();
    backups.failWith = new Error(
      'backup summer-sale-20261130-180001 of store summer-sale failed; the store and its earlier backups are unchanged. Job failed',
    );
    await expect(
      action.handler(ctxFor({ name: 'summer-sale' }) as any),
    ).rejects.toThrow(/earlier backups are unchanged/);
    const store = registry.stores.get('summer-sale')!;
    expect(store.status).toBe('ready');
    expect(store.operation).toBeUndefined();
    expect(store.lastOperation).toMatchObject({
      kind: 'backup',
      outcome: 'failed',
      message: expect.stringMatching(/earlier backups are unchanged/),
    });
  });

  it.each([
    [{ name: 'Not An Id' }, /^name: /],
    [{}, /^name: /],
  ])('refuses %j naming the field, changing nothing', async (input, error) => {
    const { registry, backups, action } = await setup();
    await expect(action.handler(ctxFor(input) as any)).rejects.toThrow(error);
    expect(backups.calls).toEqual([]);
    expect(registry.finished).toEqual([]);
  });

  it('refuses a store that is not ready, naming the allowed states', async () => {
    const { registry, backups, action } = await setup('suspended');
    await expect(
      action.handler(ctxFor({ name: 'summer-sale' }) as any),
    ).rejects.toThrow(
      'name: store "summer-sale" is suspended; backup is allowed only when a store is ready',
    );
    expect(backups.calls).toEqual([]);
    expect(registry.stores.get('summer-sale')!.operation).toBeUndefined();
  });

  it('refuses another team, changing nothing', async () => {
    const { registry, backups, action } = await setup();
    registry.refusedUsers.add('user:default/stranger');
    await expect(
      action.handler(
        ctxFor(
          { name: 'summer-sale' },
          { initiator: 'user:default/stranger' },
        ) as any,
      ),
    ).rejects.toThrow(/not allowed|may not/i);
    expect(backups.calls).toEqual([]);
    expect(registry.stores.get('summer-sale')!.lastOperation).toBeUndefined();
  });

  it('describes a dry run and touches nothing', async () => {
    const { registry, backups, action } = await setup();
    const ctx = ctxFor({ name: 'summer-sale' }, { isDryRun: true });
    await action.handler(ctx as any);
    expect(backups.calls).toEqual([]);
    expect(registry.stores.get('summer-sale')!.operation).toBeUndefined();
    expect(ctx.logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/^Dry run: would back up store summer-sale/),
    );
  });
});
