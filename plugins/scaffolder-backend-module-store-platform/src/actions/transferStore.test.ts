import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  infoLines,
  registryWithStore,
  runAction as run,
  SHOP_TEAM as OLD,
} from '../__testUtils__/storeFixtures';
import {
  createTransferStoreAction,
  OwnerDirectory,
  StoreOwnerAnnotator,
} from './transferStore';

const NEW = 'group:default/team-b';

/** A catalog of these refs; it records who asked. */
class FakeOwners implements OwnerDirectory {
  readonly askedBy: string[] = [];
  constructor(private readonly refs: string[]) {}
  async exists(ref: string, credentials: BackstageCredentials) {
    this.askedBy.push((credentials.principal as any).userEntityRef);
    return this.refs.includes(ref);
  }
}

class FakeAnnotator implements StoreOwnerAnnotator {
  readonly annotated: Array<[string, string]> = [];
  failure?: Error;
  async annotateOwner(storeId: string, owner: string) {
    if (this.failure) throw this.failure;
    this.annotated.push([storeId, owner]);
    return 'updated' as const;
  }
}

async function setup(status: 'ready' | 'failed' | 'pending' = 'ready') {
  const registry = await registryWithStore(status);
  const owners = new FakeOwners([NEW, 'user:default/carol']);
  const cluster = new FakeAnnotator();
  const action = createTransferStoreAction({ registry, owners, cluster });
  return { registry, owners, cluster, action };
}

describe('store:transfer', () => {
  it('hands the store over: registry owner, namespace annotation, history with the task', async () => {
    const { registry, owners, cluster, action } = await setup();
    const { ctx, done } = run(
      action,
      { name: 'summer-sale', owner: NEW },
      { initiator: 'user:default/alice' },
    );
    await done;

    expect(registry.stores.get('summer-sale')).toMatchObject({
      owner: NEW,
      status: 'ready',
      lastOperation: {
        kind: 'transfer',
        taskId: 'task-transfer',
        outcome: 'succeeded',
        message: `handed over from ${OLD} to ${NEW}`,
      },
    });
    expect(registry.stores.get('summer-sale')?.operation).toBeUndefined();
    expect(registry.finished).toEqual([
      expect.objectContaining({ changes: { owner: NEW } }),
    ]);
    expect(cluster.annotated).toEqual([['summer-sale', NEW]]);
    // The catalog was asked with the initiator's own credentials.
    expect(owners.askedBy).toEqual(['user:default/alice']);
    expect(ctx.output).toHaveBeenCalledWith('owner', NEW);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/summer-sale',
    );
  });

  it('takes a short owner ref and records it in full', async () => {
    const { registry, action } = await setup('failed');
    await run(action, { name: 'summer-sale', owner: 'group:team-b' }).done;
    expect(registry.stores.get('summer-sale')).toMatchObject({
      owner: NEW,
      status: 'failed',
    });
  });

  it('refuses an owner that is not in the catalog, naming owner, and changes nothing', async () => {
    const { registry, cluster, action } = await setup();
    await expect(
      run(action, { name: 'summer-sale', owner: 'group:default/nobody' }).done,
    ).rejects.toThrow(
      'owner: there is no Group "group:default/nobody" in the catalog; choose an existing user or group',
    );
    await expect(
      run(action, { name: 'summer-sale', owner: 'user:default/ghost' }).done,
    ).rejects.toThrow('owner: there is no User "user:default/ghost"');
    expect(registry.stores.get('summer-sale')).toMatchObject({ owner: OLD });
    expect(registry.stores.get('summer-sale')?.lastOperation).toBeUndefined();
    expect(cluster.annotated).toEqual([]);
  });

  it.each([
    [{ name: 'Summer_Sale', owner: NEW }, /^name: /],
    [
      { name: 'summer-sale', owner: 'team-b' },
      /^owner: must be a user or group entity ref/,
    ],
    [{ name: 'summer-sale', owner: 'component:default/x' }, /^owner: /],
    [
      { name: 'summer-sale', owner: OLD },
      `owner: store "summer-sale" is already owned by ${OLD}`,
    ],
    [
      { name: 'no-such-shop', owner: NEW },
      'name: there is no store "no-such-shop"',
    ],
  ])(
    'refuses %j naming the field, changing nothing',
    async (input, message) => {
      const { registry, cluster, action } = await setup();
      await expect(run(action, input).done).rejects.toThrow(message);
      expect(registry.stores.get('summer-sale')?.owner).toBe(OLD);
      expect(registry.finished).toEqual([]);
      expect(cluster.annotated).toEqual([]);
    },
  );

  it('refuses someone who may not change the store, naming the owner, and changes nothing', async () => {
    const { registry, cluster, action } = await setup();
    registry.refusedUsers.add('user:default/bob');
    await expect(
      run(
        action,
        { name: 'summer-sale', owner: NEW },
        { initiator: 'user:default/bob' },
      ).done,
    ).rejects.toThrow(
      `name: not allowed to transfer store "summer-sale": it is owned by ${OLD}`,
    );
    expect(registry.stores.get('summer-sale')?.owner).toBe(OLD);
    expect(cluster.annotated).toEqual([]);
  });

  it('refuses a store that is not settled, naming the allowed states', async () => {
    const { registry, action } = await setup('pending');
    await expect(
      run(action, { name: 'summer-sale', owner: NEW }).done,
    ).rejects.toThrow(
      'name: store "summer-sale" is pending; transfer is allowed only when a store is ready or failed or suspended',
    );
    expect(registry.stores.get('summer-sale')?.owner).toBe(OLD);
  });

  it('keeps the owner when the cluster refuses, and records the failure', async () => {
    const { registry, cluster, action } = await setup();
    cluster.failure = new Error(
      'namespace store-summer-sale belongs to the store platform install "other"',
    );
    await expect(
      run(action, { name: 'summer-sale', owner: NEW }).done,
    ).rejects.toThrow('belongs to the store platform install "other"');
    expect(registry.stores.get('summer-sale')).toMatchObject({
      owner: OLD,
      status: 'ready',
      lastOperation: { kind: 'transfer', outcome: 'failed' },
    });
  });

  it('says what it would do in a dry run, and touches nothing', async () => {
    const { registry, cluster, action } = await setup();
    const { ctx, done } = run(
      action,
      { name: 'summer-sale', owner: NEW },
      { isDryRun: true },
    );
    await done;
    expect(infoLines(ctx)).toContain(
      `Dry run: would hand store summer-sale from ${OLD} to ${NEW}`,
    );
    expect(registry.stores.get('summer-sale')?.owner).toBe(OLD);
    expect(registry.finished).toEqual([]);
    expect(cluster.annotated).toEqual([]);
  });
});
