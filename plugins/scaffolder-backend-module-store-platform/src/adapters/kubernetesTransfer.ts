import { Config } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';
import {
  kubeConfigFromConfig,
  readProvisioningConfig,
  transferStore,
} from '@internal/plugin-store-platform-node';
import { StoreOwnerAnnotator } from '../actions/transferStore';

/**
 * The transfer's cluster side over the node library. `storePlatform.kubernetes`
 * and `storePlatform.provisioning` (the install, whose namespaces alone it
 * touches) are read on first use, so a bad value fails the action, not the
 * scaffolder's start.
 */
export class KubernetesStoreOwnerAnnotator implements StoreOwnerAnnotator {
  private kubeConfig?: KubeConfig;
  private installation?: string;

  constructor(private readonly config: Config) {}

  async annotateOwner(storeId: string, owner: string, signal: AbortSignal) {
    this.kubeConfig ??= kubeConfigFromConfig(this.config);
    this.installation ??= readProvisioningConfig(this.config).installation;
    return transferStore(this.kubeConfig, storeId, {
      owner,
      installation: this.installation,
      signal,
    });
  }
}
