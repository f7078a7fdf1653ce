import { Config } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';
import {
  backupStore,
  kubeConfigFromConfig,
  newBackupId,
  ProvisioningConfig,
  readProvisioningConfig,
  requireRestorableBackup,
  restoreStore,
} from '@internal/plugin-store-platform-node';
import { StoreBackupper } from '../actions/backupStore';
import { StoreRestorer } from '../actions/restoreStore';

/**
 * The backup and restore ports over the node library, with cluster
 * credentials from `storePlatform.kubernetes`. Like the provisioner, it reads
 * the kubeconfig and `storePlatform.provisioning` on first use: a bad value
 * fails the operation naming the key, not the scaffolder's start.
 */
export class KubernetesStoreBackups implements StoreBackupper, StoreRestorer {
  private kubeConfig?: KubeConfig;
  private provisioningConfig?: ProvisioningConfig;

  constructor(private readonly config: Config) {}

  retention(): number {
    return this.provisioning.backups.retention;
  }

  newBackupId(storeId: string): string {
    return newBackupId(storeId);
  }

  backup(options: Parameters<StoreBackupper['backup']>[0]) {
    return backupStore(this.cluster(), this.provisioning, options);
  }

  requireRestorable(storeId: string, backupId: string, signal?: AbortSignal) {
    return requireRestorableBackup(this.cluster(), storeId, backupId, {
      installation: this.provisioning.installation,
      signal,
    });
  }

  async restore(options: Parameters<StoreRestorer['restore']>[0]) {
    await restoreStore(this.cluster(), this.provisioning, options);
  }

  private get provisioning(): ProvisioningConfig {
    this.provisioningConfig ??= readProvisioningConfig(this.config);
    return this.provisioningConfig;
  }

  private cluster(): KubeConfig {
    this.kubeConfig ??= kubeConfigFromConfig(this.config);
    return this.kubeConfig;
  }
}
