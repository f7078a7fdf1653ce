import {
  infoLines,
  registryWithStore,
  runAction as run,
} from '../__testUtils__/storeFixtures';
import { createUpgradeStoreAction, StoreUpgrader } from './upgradeStore';

const CONFIGURED = {
  wordpress: 'wordpress-woocommerce:2',
  mariadb: 'mariadb:11.4',
  bootstrap: 'wordpress:cli-2',
};

class FakeUpgrader implements StoreUpgrader {
  readonly calls: string[] = [];
  failure?: Error;
  configuredImages() {
    return CONFIGURED;
  }
  newBackupId(storeId: string) {
    this.calls.push('newBackupId');
    return `${storeId}-20261130-120000`;
  }
  async backup(options: { backupId: string; size: string }) {
    this.calls.push(`backup ${options.backupId} ${options.size}`);
    return { id: options.backupId };
  }
  async upgrade(storeId: string, options: { backupId: string }) {
    this.calls.push(`upgrade ${storeId} after ${options.backupId}`);
    if (this.failure) throw this.failure;
    return {
      images: CONFIGURED,
      previous: {
        wordpress: 'wordpress-woocommerce:1',
        mariadb: 'mariadb:10.11',
      },
    };
  }
}

async function setup(status: 'ready' | 'failed' = 'ready') {
  const registry = await registryWithStore(status);
  const cluster = new FakeUpgrader();
  const action = createUpgradeStoreAction({ registry, cluster });
  return { registry, cluster, action };
}

describe('store:upgrade', () => {
  it('backs up first, upgrades, and records the images the store runs', async () => {
    const { registry, cluster, action } = await setup();
    const { ctx, done } = run(action, { name: 'summer-sale' });
    await done;
    expect(cluster.calls).toEqual([
      'newBackupId',
      'backup summer-sale-20261130-120000 small',
      'upgrade summer-sale after summer-sale-20261130-120000',
    ]);
    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'ready',
      images: CONFIGURED,
      lastOperation: { kind: 'upgrade', outcome: 'succeeded' },
    });
    expect(registry.finished).toEqual([
      expect.objectContaining({ changes: { images: CONFIGURED } }),
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'backupId',
      'summer-sale-20261130-120000',
    );
  });

  it('fails saying it rolled back, keeps the store ready and its images unrecorded', async () => {
    const { registry, cluster, action } = await setup();
    cluster.failure = new Error(
      'upgrade of store summer-sale rolled back to its previous images (wordpress wordpress-woocommerce:1, mariadb mariadb:10.11): timed out after 300s waiting for Deployment store-summer-sale/wordpress',
    );
    await expect(run(action, { name: 'summer-sale' }).done).rejects.toThrow(
      'rolled back to its previous images',
    );
    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'ready',
      lastOperation: {
        kind: 'upgrade',
        outcome: 'failed',
        message: expect.stringContaining('rolled back'),
      },
    });
    expect(registry.stores.get('summer-sale')?.images).toBeUndefined();
  });

  it('takes no second backup when a resumed task finds it done', async () => {
    const { cluster, action } = await setup();
    const checkpoints = new Map<string, any>([
      [
        'store-platform.upgrade.summer-sale.backup-id',
        'summer-sale-20261130-110000',
      ],
      [
        'store-platform.upgrade.summer-sale.backup',
        { id: 'summer-sale-20261130-110000' },
      ],
    ]);
    await run(action, { name: 'summer-sale' }, { checkpoints }).done;
    expect(cluster.calls).toEqual([
      'upgrade summer-sale after summer-sale-20261130-110000',
    ]);
  });

  it('refuses a store that is not ready, naming the allowed state, and a bad id naming name', async () => {
    const { cluster, action } = await setup('failed');
    await expect(run(action, { name: 'summer-sale' }).done).rejects.toThrow(
      'name: store "summer-sale" is failed; upgrade is allowed only when a store is ready',
    );
    await expect(run(action, { name: 'x' }).done).rejects.toThrow(/^name: /);
    expect(cluster.calls).toEqual([]);
  });

  it('says in a dry run which images it would move to, and touches nothing', async () => {
    const { registry, cluster, action } = await setup();
    const { ctx, done } = run(
      action,
      { name: 'summer-sale' },
      { isDryRun: true },
    );
    await done;
    expect(infoLines(ctx)).toContain(
      'Dry run: would roll MariaDB from its current image to mariadb:11.4, then WordPress from its current image to wordpress-woocommerce:2, waiting for each (rolled back if not ready in time)',
    );
    expect(cluster.calls).toEqual([]);
    expect(registry.finished).toEqual([]);
  });
});
