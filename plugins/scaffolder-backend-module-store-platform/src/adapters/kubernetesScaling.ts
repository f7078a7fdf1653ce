import { Config } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';
import { StoreKubeConfigs } from './storeKubeConfigs';
import { StoreSize } from '@store-platform/plugin-store-platform-common';
import {
  backupStore,
  newBackupId,
  ProvisioningConfig,
  readProvisioningConfig,
  resizeStore,
  resumeStore,
  suspendStore,
  upgradeStore,
} from '@store-platform/plugin-store-platform-node';
import { StoreResizer } from '../actions/resizeStore';
import { StoreResumer } from '../actions/resumeStore';
import { StoreSuspender } from '../actions/suspendStore';
import { StoreUpgrader } from '../actions/upgradeStore';

type Progress = { signal: AbortSignal; onProgress(message: string): void };

/**
 * Suspend, resume, resize and upgrade over the node library, with cluster
 * credentials from `storePlatform.kubernetes`. Like the provisioner, it reads
 * the kubeconfig and `storePlatform.provisioning` on first use: a bad value
 * fails the operation naming the key, not the scaffolder's start.
 */
export class KubernetesStoreScaling
  implements StoreSuspender, StoreResumer, StoreResizer, StoreUpgrader
{
  private provisioningConfig?: ProvisioningConfig;
  private readonly kube: StoreKubeConfigs;

  constructor(private readonly config: Config, kube?: StoreKubeConfigs) {
    this.kube = kube ?? new StoreKubeConfigs(config);
  }

  async suspend(storeId: string, options: Progress) {
    return suspendStore(
      await this.cluster(storeId),
      this.provisioning,
      storeId,
      options,
    );
  }

  async resume(storeId: string, options: Progress) {
    return resumeStore(
      await this.cluster(storeId),
      this.provisioning,
      storeId,
      options,
    );
  }

  async resize(storeId: string, size: StoreSize, options: Progress) {
    return resizeStore(
      await this.cluster(storeId),
      this.provisioning,
      storeId,
      size,
      options,
    );
  }

  configuredImages() {
    const { images } = this.provisioning;
    return {
      wordpress: images.wordpress,
      mariadb: images.mariadb,
      bootstrap: images.wpCli,
    };
  }

  newBackupId(storeId: string): string {
    return newBackupId(storeId);
  }

  async backup(
    options: Progress & { storeId: string; size: StoreSize; backupId: string },
  ) {
    const backup = await backupStore(
      await this.cluster(options.storeId),
      this.provisioning,
      options,
    );
    return { id: backup.id };
  }

  async upgrade(storeId: string, options: Progress & { backupId: string }) {
    const { backupId, ...rest } = options;
    return upgradeStore(
      await this.cluster(storeId),
      this.provisioning,
      storeId,
      {
        ...rest,
        // Taken by the action's own step before, so a resumed task does not take a second one.
        backup: async () => ({ id: backupId }),
      },
    );
  }

  private get provisioning(): ProvisioningConfig {
    this.provisioningConfig ??= readProvisioningConfig(this.config);
    return this.provisioningConfig;
  }

  /** The store's own cluster (see StoreKubeConfigs). */
  private async cluster(storeId: string): Promise<KubeConfig> {
    return (await this.kube.forStore(storeId)).kubeConfig;
  }
}
