import { Config } from '@backstage/config';
import {
  readProvisioningConfig,
  transferStore,
} from '@store-platform/plugin-store-platform-node';
import { StoreOwnerAnnotator } from '../actions/transferStore';
import { StoreKubeConfigs } from './storeKubeConfigs';

/**
 * The transfer's cluster side over the node library. `storePlatform.kubernetes`
 * and `storePlatform.provisioning` (the install, whose namespaces alone it
 * touches) are read on first use, so a bad value fails the action, not the
 * scaffolder's start.
 */
export class KubernetesStoreOwnerAnnotator implements StoreOwnerAnnotator {
  private installation?: string;
  private readonly kube: StoreKubeConfigs;

  constructor(private readonly config: Config, kube?: StoreKubeConfigs) {
    this.kube = kube ?? new StoreKubeConfigs(config);
  }

  async annotateOwner(storeId: string, owner: string, signal: AbortSignal) {
    this.installation ??= readProvisioningConfig(this.config).installation;
    const { kubeConfig } = await this.kube.forStore(storeId);
    return transferStore(kubeConfig, storeId, {
      owner,
      installation: this.installation,
      signal,
    });
  }
}
