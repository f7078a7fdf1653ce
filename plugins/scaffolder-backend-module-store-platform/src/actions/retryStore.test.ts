import { FakeCatalog, FakeProvisioner } from '../__testUtils__/fakes';
import { actionContext } from '../__testUtils__/context';
import {
  infoLines,
  registryWithStore,
  runAction,
} from '../__testUtils__/storeFixtures';
import { createRetryStoreAction } from './retryStore';

/** A store that failed its first provisioning, owned by the shop team. */
async function setup() {
  const registry = await registryWithStore('failed', {
    size: 'medium',
    message: 'provisioning timed out: waiting for StatefulSet mariadb',
  });
  const provisioner = new FakeProvisioner();
  provisioner.adminEmails.set('summer-sale', 'shop@example.com');
  const action = createRetryStoreAction({
    registry,
    provisioner,
    catalog: new FakeCatalog(),
  });
  return { registry, provisioner, action };
}

describe('store:retry', () => {
  it('provisions a failed store again with what it was created with: failed -> provisioning -> ready', async () => {
    const { registry, provisioner, action } = await setup();
    const ctx = actionContext({
      input: { name: 'summer-sale' },
      taskId: 'task-retry',
      initiator: 'user:default/shopper',
    });

    await action.handler(ctx as any);

    expect(registry.transitions).toEqual([
      expect.objectContaining({
        status: 'provisioning',
        message: 'provisioning retried',
        onBehalfOf: 'user:default/shopper',
      }),
      expect.objectContaining({
        status: 'ready',
        message: 'ready at http://summer-sale.localhost',
      }),
    ]);
    // Every step ran again (apply is idempotent), with the recorded email and size.
    expect(provisioner.ran).toEqual([
      'namespace',
      'database',
      'storefront',
      'ingress',
      'bootstrap',
    ]);
    expect(provisioner.validated.at(-1)).toMatchObject({
      adminEmail: 'shop@example.com',
      size: 'medium',
    });
    const store = registry.stores.get('summer-sale')!;
    expect(store.operation).toBeUndefined();
    expect(store.lastOperation).toMatchObject({
      kind: 'retry',
      taskId: 'task-retry',
      outcome: 'succeeded',
    });
    expect(store.images).toEqual(provisioner.images());
    expect(ctx.output).toHaveBeenCalledWith(
      'url',
      'http://summer-sale.localhost',
    );
  });

  it('leaves a retry that fails again failed, with the new reason, and releases the store', async () => {
    const { registry, provisioner, action } = await setup();
    provisioner.failStep = {
      id: 'database',
      error: new Error('StatefulSet mariadb: ImagePullBackOff'),
    };

    await expect(
      runAction(action, { name: 'summer-sale' }).done,
    ).rejects.toThrow('StatefulSet mariadb: ImagePullBackOff');

    const store = registry.stores.get('summer-sale')!;
    expect(store.status).toBe('failed');
    expect(store.statusMessage).toBe('StatefulSet mariadb: ImagePullBackOff');
    expect(store.operation).toBeUndefined();
    expect(store.lastOperation).toMatchObject({
      kind: 'retry',
      outcome: 'failed',
    });
  });

  it('refuses a store that is not failed, naming the allowed status, and changes nothing', async () => {
    const { registry, action } = await setup();
    await registry.transition('summer-sale', { status: 'provisioning' });
    await registry.transition('summer-sale', { status: 'ready' });
    const before = registry.stores.get('summer-sale');

    await expect(
      runAction(action, { name: 'summer-sale' }).done,
    ).rejects.toThrow(
      'name: store "summer-sale" is ready; retry is allowed only when a store is failed',
    );
    expect(registry.stores.get('summer-sale')).toBe(before);
  });

  it('refuses another team, leaving the store failed', async () => {
    const { registry, provisioner, action } = await setup();
    registry.refusedUsers.add('user:default/intruder');

    await expect(
      runAction(
        action,
        { name: 'summer-sale' },
        { initiator: 'user:default/intruder' },
      ).done,
    ).rejects.toThrow(
      'name: not allowed to provision store "summer-sale": it is owned by group:default/shop-team',
    );
    expect(registry.stores.get('summer-sale')!.status).toBe('failed');
    expect(provisioner.ran).toEqual([]);
  });

  it('names the field for a bad or unknown id', async () => {
    const { action } = await setup();
    await expect(runAction(action, { name: 'Bad Id' }).done).rejects.toThrow(
      /^name: /,
    );
    await expect(
      runAction(action, { name: 'no-such-store' }).done,
    ).rejects.toThrow('name: there is no store "no-such-store"');
  });

  it("uses the initiator's email when none was recorded, and says so when there is none either", async () => {
    const { provisioner, action } = await setup();
    provisioner.adminEmails.clear();

    await expect(
      runAction(action, { name: 'summer-sale' }).done,
    ).rejects.toThrow('has no recorded administrator email');

    const ctx = {
      ...actionContext({ input: { name: 'summer-sale' } }),
      user: { entity: { spec: { profile: { email: 'me@example.com' } } } },
    };
    await action.handler(ctx as any);
    expect(provisioner.validated.at(-1)?.adminEmail).toBe('me@example.com');
  });

  it('changes nothing in a dry run', async () => {
    const { registry, provisioner, action } = await setup();
    const { ctx, done } = runAction(
      action,
      { name: 'summer-sale' },
      { isDryRun: true },
    );
    await done;
    expect(registry.transitions).toEqual([]);
    expect(provisioner.ran).toEqual([]);
    expect(infoLines(ctx)).toContainEqual(
      expect.stringMatching(
        /^Dry run: would provision store summer-sale again/,
      ),
    );
  });
});
