import { AppsV1Api, BatchV1Api, KubeConfig } from '@kubernetes/client-node';
import { provisioningConfigWith } from '../config/provisioningConfig';
import { DATABASE_UPGRADE_JOB } from '../resources/databaseUpgradeJob';
import { installNeverReadyImage } from '../testing/neverReadyImage';
import {
  OPERATION_TEST_CONFIG,
  operationTestStores,
} from '../testing/operationTestStore';
import { testClusterKubeConfig } from '../testing/testCluster';
import { listBackups } from './listBackups';
import {
  BackupBeforeUpgrade,
  UpgradeDatabaseError,
  upgradeStore,
  UpgradeRolledBackError,
} from './upgradeStore';

jest.setTimeout(240_000);

const NEW_IMAGES = {
  wordpress: 'store-platform-wordpress-woocommerce:next',
  mariadb: 'mariadb:11.4',
  wpCli: 'wordpress:cli-next',
};

describe('upgrade on the local control plane', () => {
  let kc: KubeConfig;
  let apps: AppsV1Api;
  let batch: BatchV1Api;
  const stores = operationTestStores(() => kc);

  beforeAll(async () => {
    kc = await testClusterKubeConfig();
    apps = kc.makeApiClient(AppsV1Api);
    batch = kc.makeApiClient(BatchV1Api);
  });
  afterAll(() => stores.cleanup());

  const images = async (namespace: string) => {
    const [d, s] = await Promise.all([
      apps.readNamespacedDeployment({ name: 'wordpress', namespace }),
      apps.readNamespacedStatefulSet({ name: 'mariadb', namespace }),
    ]);
    return {
      wordpress: d.spec?.template.spec?.containers[0].image,
      mariadb: s.spec?.template.spec?.containers[0].image,
      ready: [d.status?.readyReplicas, s.status?.readyReplicas],
    };
  };

  /** A backup stand-in that records what the store ran when it was taken. */
  const recordingBackup = (namespace: string) => {
    const seen: Array<Awaited<ReturnType<typeof images>>> = [];
    const backup: BackupBeforeUpgrade = async () => {
      seen.push(await images(namespace));
      return { id: `backup-${seen.length}` };
    };
    return { backup, seen };
  };

  it('backs up, rolls MariaDB and WordPress to the configured images, runs the database upgrade Job, and reports the images', async () => {
    const id = await stores.provision('op-upgrade');
    const namespace = `store-${id}`;
    const config = provisioningConfigWith({
      ...OPERATION_TEST_CONFIG,
      images: NEW_IMAGES,
    });
    const { backup, seen } = recordingBackup(namespace);
    const progress: string[] = [];
    const result = await upgradeStore(kc, config, id, {
      backup,
      onProgress: m => progress.push(m),
    });
    expect(result).toEqual({
      images: {
        wordpress: NEW_IMAGES.wordpress,
        mariadb: NEW_IMAGES.mariadb,
        bootstrap: NEW_IMAGES.wpCli,
      },
      previous: {
        wordpress: OPERATION_TEST_CONFIG.images.wordpress,
        mariadb: OPERATION_TEST_CONFIG.images.mariadb,
      },
      backupId: 'backup-1',
    });
    // The backup was taken while the store still ran its old images.
    expect(seen).toEqual([
      {
        wordpress: OPERATION_TEST_CONFIG.images.wordpress,
        mariadb: OPERATION_TEST_CONFIG.images.mariadb,
        ready: [1, 1],
      },
    ]);
    expect(await images(namespace)).toEqual({
      wordpress: NEW_IMAGES.wordpress,
      mariadb: NEW_IMAGES.mariadb,
      ready: [1, 1],
    });
    const job = await batch.readNamespacedJob({
      name: DATABASE_UPGRADE_JOB,
      namespace,
    });
    expect(job.status?.succeeded).toBe(1);
    expect(job.spec?.template.spec?.containers[0].image).toBe(NEW_IMAGES.wpCli);
    expect(job.spec?.template.spec?.containers[0].command?.[2]).toContain(
      'core update-db',
    );
    expect(progress.join('\n')).toMatch(
      /backing up[\s\S]*StatefulSet mariadb: 1\/1 ready[\s\S]*Deployment wordpress: 1\/1 ready[\s\S]*running Job store-database-upgrade/,
    );

    // Run again: nothing to roll, no second backup, the Job replaced and run again.
    const again = await upgradeStore(kc, config, id, { backup });
    expect(again.backupId).toBeUndefined();
    expect(seen).toHaveLength(1);
    const rerun = await batch.readNamespacedJob({
      name: DATABASE_UPGRADE_JOB,
      namespace,
    });
    expect(rerun.metadata?.uid).not.toBe(job.metadata?.uid);
  });

  it('takes a real backup of the store first when no backup is given', async () => {
    const id = await stores.provision('op-upbackup');
    const config = provisioningConfigWith({
      ...OPERATION_TEST_CONFIG,
      images: NEW_IMAGES,
    });
    const result = await upgradeStore(kc, config, id, {});
    expect(result.images.wordpress).toBe(NEW_IMAGES.wordpress);
    const backups = await listBackups(kc, id, {
      installation: config.installation,
    });
    expect(backups).toEqual([
      expect.objectContaining({ id: result.backupId, status: 'succeeded' }),
    ]);
  });

  it('rolls a rollout that never becomes ready back to the previous images, and says so', async () => {
    const never = await installNeverReadyImage(kc, `upgrade-${Date.now()}`);
    try {
      const id = await stores.provision('op-rollback');
      const namespace = `store-${id}`;
      const config = provisioningConfigWith({
        ...OPERATION_TEST_CONFIG,
        images: { ...NEW_IMAGES, wordpress: never.image },
      });
      const { backup, seen } = recordingBackup(namespace);
      const error = await upgradeStore(kc, config, id, {
        backup,
        timeoutMs: 8_000,
      }).catch(e => e);
      expect(error).toBeInstanceOf(UpgradeRolledBackError);
      expect(error.message).toContain(
        `upgrade of store ${id} rolled back to its previous images (wordpress ${OPERATION_TEST_CONFIG.images.wordpress}, mariadb ${OPERATION_TEST_CONFIG.images.mariadb})`,
      );
      expect(error.message).toMatch(
        /timed out after 8s waiting for Deployment store-[^/]+\/wordpress|Deployment store-[^/]+\/wordpress failed: Unschedulable/,
      );
      expect(seen).toHaveLength(1);
      // Back on the previous images, ready, and no database upgrade ran.
      expect(await images(namespace)).toEqual({
        wordpress: OPERATION_TEST_CONFIG.images.wordpress,
        mariadb: OPERATION_TEST_CONFIG.images.mariadb,
        ready: [1, 1],
      });
      await expect(
        batch.readNamespacedJob({ name: DATABASE_UPGRADE_JOB, namespace }),
      ).rejects.toMatchObject({ code: 404 });
    } finally {
      await never.remove();
    }
  });

  it('does not roll back when the database upgrade Job fails, and names the backup', async () => {
    const id = await stores.provision('op-dbfail');
    const namespace = `store-${id}`;
    const config = provisioningConfigWith({
      ...OPERATION_TEST_CONFIG,
      images: NEW_IMAGES,
      extraBootstrapPodLabels: { 'store-platform.io/simulate': 'fail' },
    });
    const { backup } = recordingBackup(namespace);
    const error = await upgradeStore(kc, config, id, { backup }).catch(e => e);
    expect(error).toBeInstanceOf(UpgradeDatabaseError);
    expect(error.message).toContain(
      `the database upgrade of store ${id} failed; it runs wordpress ${NEW_IMAGES.wordpress}, mariadb ${NEW_IMAGES.mariadb}, and backup backup-1 holds its data from before`,
    );
    expect(error.message).toContain(`Job ${namespace}/${DATABASE_UPGRADE_JOB}`);
  });

  it('changes nothing when the backup fails', async () => {
    const id = await stores.provision('op-nobackup');
    const namespace = `store-${id}`;
    const config = provisioningConfigWith({
      ...OPERATION_TEST_CONFIG,
      images: NEW_IMAGES,
    });
    const before = await images(namespace);
    await expect(
      upgradeStore(kc, config, id, {
        backup: async () => {
          throw new Error('backup Job failed');
        },
      }),
    ).rejects.toThrow('backup Job failed');
    expect(await images(namespace)).toEqual(before);
  });
});
