import { InputError, NotFoundError } from '@backstage/errors';
import { StoreSize } from '@store-platform/plugin-store-platform-common';
import { actionContext } from '../__testUtils__/context';
import { FakeCatalog, FakeProvisioner } from '../__testUtils__/fakes';
import { registryWithStore } from '../__testUtils__/storeFixtures';
import { createRestoreStoreAction, StoreRestorer } from './restoreStore';

const BACKUP = 'summer-sale-20261130-180001';

class FakeRestorer implements StoreRestorer {
  readonly restored: Array<{
    storeId: string;
    size: StoreSize;
    backupId: string;
    source?: { storeId: string; size: StoreSize };
  }> = [];
  refuse?: Error;
  failWith?: Error;

  async requireRestorable(_storeId: string, backupId: string) {
    if (this.refuse) throw this.refuse;
    return {
      id: backupId,
      createdAt: '2026-11-30T18:00:01.000Z',
      status: 'succeeded' as const,
    };
  }

  async restore(options: Parameters<StoreRestorer['restore']>[0]) {
    options.onProgress(`restoring ${options.backupId}`);
    if (this.failWith) throw this.failWith;
    const { storeId, size, backupId, source } = options;
    this.restored.push({
      storeId,
      size,
      backupId,
      ...(source ? { source } : {}),
    });
  }
}

async function setup() {
  const registry = await registryWithStore('ready', {
    title: 'Summer Sale',
    size: 'medium',
  });
  const restorer = new FakeRestorer();
  const provisioner = new FakeProvisioner();
  provisioner.adminEmails.set('summer-sale', 'shop@example.com');
  const action = createRestoreStoreAction({
    registry,
    restorer,
    provisioner,
    catalog: new FakeCatalog(),
  });
  return { registry, restorer, provisioner, action };
}

const ctxFor = (
  input: Record<string, unknown>,
  extra: { initiator?: string; isDryRun?: boolean } = {},
) =>
  actionContext({
    input: input as any,
    taskId: 'task-restore',
    initiator: extra.initiator ?? 'user:default/shopper',
    isDryRun: extra.isDryRun,
  });

describe('store:restore', () => {
  it('restores a backup into its own store and records it; the store stays ready', async () => {
    const { registry, restorer, action } = await setup();
    await action.handler(
      ctxFor({ name: 'summer-sale', backup: BACKUP, targetName: '' }) as any,
    );
    expect(restorer.restored).toEqual([
      { storeId: 'summer-sale', size: 'medium', backupId: BACKUP },
    ]);
    const store = registry.stores.get('summer-sale')!;
    expect(store.status).toBe('ready');
    expect(store.lastOperation).toMatchObject({
      kind: 'restore',
      outcome: 'succeeded',
      message: `restored backup ${BACKUP}`,
    });
  });

  it('refuses a backup the restorer refuses before any lease or record', async () => {
    const { registry, restorer, action } = await setup();
    restorer.refuse = new NotFoundError(
      `backup: store summer-sale has no backup ${BACKUP}`,
    );
    await expect(
      action.handler(ctxFor({ name: 'summer-sale', backup: BACKUP }) as any),
    ).rejects.toThrow(`backup: store summer-sale has no backup ${BACKUP}`);
    expect(restorer.restored).toEqual([]);
    expect(registry.finished).toEqual([]);
    expect(registry.stores.get('summer-sale')!.operation).toBeUndefined();
  });

  it.each([
    [{ name: 'Bad Id', backup: BACKUP }, /^name: /],
    [{ name: 'summer-sale' }, /^backup: required/],
    [
      { name: 'summer-sale', backup: BACKUP, targetName: 'Bad Id' },
      /^targetName: /,
    ],
    [
      { name: 'summer-sale', backup: BACKUP, targetName: 'summer-sale' },
      /^targetName: must differ from name/,
    ],
    [
      { name: 'summer-sale', backup: BACKUP, owner: 'group:default/qa' },
      /^owner: only a clone/,
    ],
    [
      { name: 'summer-sale', backup: BACKUP, targetName: 'copy', owner: 'qa' },
      /^owner: /,
    ],
  ])('refuses %j naming the field, changing nothing', async (input, error) => {
    const { registry, restorer, action } = await setup();
    const failure = await action.handler(ctxFor(input) as any).catch(e => e);
    expect(failure).toBeInstanceOf(InputError);
    expect(failure.message).toMatch(error);
    expect(restorer.restored).toEqual([]);
    expect([...registry.stores.keys()]).toEqual(['summer-sale']);
    expect(registry.finished).toEqual([]);
  });

  it('clones into a new store for the given owner: registered, provisioned like any store, then given the data', async () => {
    const { registry, restorer, provisioner, action } = await setup();
    const ctx = ctxFor({
      name: 'summer-sale',
      backup: BACKUP,
      targetName: 'summer-copy',
      owner: 'group:qa-team',
    });
    await action.handler(ctx as any);

    const clone = registry.stores.get('summer-copy')!;
    expect(clone).toMatchObject({
      owner: 'group:default/qa-team',
      engine: 'woocommerce',
      size: 'medium',
      title: 'Summer Sale (copy)',
      status: 'ready',
    });
    // the provisioning path of store:provision, as the initiator, with the source's admin email
    expect(provisioner.ran).toEqual([
      'namespace',
      'database',
      'storefront',
      'ingress',
      'bootstrap',
    ]);
    expect(provisioner.validated.at(-1)).toMatchObject({
      id: 'summer-copy',
      adminEmail: 'shop@example.com',
    });
    expect(registry.transitions).toContainEqual(
      expect.objectContaining({
        id: 'summer-copy',
        status: 'provisioning',
        onBehalfOf: 'user:default/shopper',
      }),
    );
    expect(restorer.restored).toEqual([
      {
        storeId: 'summer-copy',
        size: 'medium',
        backupId: BACKUP,
        source: { storeId: 'summer-sale', size: 'medium' },
      },
    ]);
    const source = registry.stores.get('summer-sale')!;
    expect(source.status).toBe('ready');
    expect(source.lastOperation).toMatchObject({
      kind: 'clone',
      outcome: 'succeeded',
      message: `cloned backup ${BACKUP} into new store summer-copy owned by group:default/qa-team`,
    });
    expect(ctx.output).toHaveBeenCalledWith('storeId', 'summer-copy');
    expect(ctx.output).toHaveBeenCalledWith(
      'url',
      'http://summer-copy.localhost',
    );
  });

  it('refuses a clone into a taken id, naming targetName, before any lease or record', async () => {
    const { registry, restorer, action } = await setup();
    await registry.register({
      id: 'taken',
      engine: 'woocommerce',
      owner: 'group:default/other-team',
    });
    await expect(
      action.handler(
        ctxFor({
          name: 'summer-sale',
          backup: BACKUP,
          targetName: 'taken',
        }) as any,
      ),
    ).rejects.toThrow('targetName: a store with id "taken" already exists');
    expect(restorer.restored).toEqual([]);
    expect(registry.finished).toEqual([]);
    expect(registry.stores.get('summer-sale')!.lastOperation).toBeUndefined();
  });

  it("gives a clone the source's owner when none is given", async () => {
    const { registry, action } = await setup();
    await action.handler(
      ctxFor({
        name: 'summer-sale',
        backup: BACKUP,
        targetName: 'copy-2',
      }) as any,
    );
    expect(registry.stores.get('copy-2')!.owner).toBe(
      'group:default/shop-team',
    );
  });

  it('marks the clone failed, and leaves the source ready, when the copy fails', async () => {
    const { registry, restorer, action } = await setup();
    restorer.failWith = new Error(
      'Job store-copy-3/restore-x failed: Job failed',
    );
    await expect(
      action.handler(
        ctxFor({
          name: 'summer-sale',
          backup: BACKUP,
          targetName: 'copy-3',
        }) as any,
      ),
    ).rejects.toThrow(/restore-x failed/);
    const clone = registry.stores.get('copy-3')!;
    expect(clone.status).toBe('failed');
    expect(clone.statusMessage).toMatch(
      new RegExp(`^the copy of backup ${BACKUP} of store summer-sale failed: `),
    );
    const source = registry.stores.get('summer-sale')!;
    expect(source.status).toBe('ready');
    expect(source.lastOperation).toMatchObject({
      kind: 'clone',
      outcome: 'failed',
    });
  });

  it('refuses a clone by someone who may not change the store, registering nothing', async () => {
    const { registry, restorer, action } = await setup();
    registry.refusedUsers.add('user:default/stranger');
    await expect(
      action.handler(
        ctxFor(
          { name: 'summer-sale', backup: BACKUP, targetName: 'copy-4' },
          { initiator: 'user:default/stranger' },
        ) as any,
      ),
    ).rejects.toThrow(/not allowed|may not/i);
    expect(registry.stores.has('copy-4')).toBe(false);
    expect(restorer.restored).toEqual([]);
  });

  it('describes a dry run of a clone and touches nothing', async () => {
    const { registry, restorer, action } = await setup();
    const ctx = ctxFor(
      { name: 'summer-sale', backup: BACKUP, targetName: 'copy-5' },
      { isDryRun: true },
    );
    await action.handler(ctx as any);
    expect(registry.stores.has('copy-5')).toBe(false);
    expect(restorer.restored).toEqual([]);
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'Dry run: would register store copy-5 (woocommerce, medium) owned by group:default/shop-team',
    );
  });
});
