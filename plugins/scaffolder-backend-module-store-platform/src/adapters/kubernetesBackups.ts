import { Config } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';
import { StoreKubeConfigs } from './storeKubeConfigs';
import {
  backupStore,
  newBackupId,
  ProvisioningConfig,
  readProvisioningConfig,
  requireRestorableBackup,
  restoreStore,
} from '@store-platform/plugin-store-platform-node';
import { StoreBackupper } from '../actions/backupStore';
import { StoreRestorer } from '../actions/restoreStore';

/**
 * The backup and restore ports over the node library, with cluster
 * credentials from `storePlatform.kubernetes`. Like the provisioner, it reads
 * the kubeconfig and `storePlatform.provisioning` on first use: a bad value
 * fails the operation naming the key, not the scaffolder's start.
 */
export class KubernetesStoreBackups implements StoreBackupper, StoreRestorer {
  private provisioningConfig?: ProvisioningConfig;
  private readonly kube: StoreKubeConfigs;

  constructor(private readonly config: Config, kube?: StoreKubeConfigs) {
    this.kube = kube ?? new StoreKubeConfigs(config);
  }

  retention(): number {
    return this.provisioning.backups.retention;
  }

  newBackupId(storeId: string): string {
    return newBackupId(storeId);
  }

  async backup(options: Parameters<StoreBackupper['backup']>[0]) {
    return backupStore(
      await this.cluster(options.storeId),
      this.provisioning,
      options,
    );
  }

  async requireRestorable(
    storeId: string,
    backupId: string,
    signal?: AbortSignal,
  ) {
    return requireRestorableBackup(
      await this.cluster(storeId),
      storeId,
      backupId,
      {
        installation: this.provisioning.installation,
        signal,
      },
    );
  }

  async restore(options: Parameters<StoreRestorer['restore']>[0]) {
    // A clone is placed on its source's cluster (cloneStore), so one cluster has both.
    await restoreStore(
      await this.cluster(options.storeId),
      this.provisioning,
      options,
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
