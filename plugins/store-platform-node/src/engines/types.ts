import { KubeConfig } from '@kubernetes/client-node';
import { ProvisioningConfig } from '../config/provisioningConfig';
import { StoreSpec } from '../spec/storeSpec';
import { ProvisioningStep } from '../steps/types';

/**
 * What an engine plans with.
 *
 * @public
 */
export interface EngineDeps {
  /** How to reach the cluster, and as whom. */
  kubeConfig: KubeConfig;
  /** `storePlatform.provisioning`, defaults filled in. */
  config: ProvisioningConfig;
}

/**
 * A store engine: one module that turns a spec into provisioning steps.
 *
 * @public
 */
export interface ProvisioningEngine {
  /** The engine's name, as a store's `engine` says it. */
  name: string;
  /** The steps; throws (before anything is created) if the engine cannot provision. */
  plan(spec: StoreSpec, deps: EngineDeps): ProvisioningStep[];
}
