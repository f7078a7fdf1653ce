import { KubeConfig } from '@kubernetes/client-node';
import { ProvisioningConfig } from './config/provisioningConfig';
import { getEngine } from './engines/registry';
import { storeUrl } from './resources/ingress';
import { storeNamespace } from './resources/names';
import { StoreSpec, validateStoreSpec } from './spec/storeSpec';
import { runProvisioningSteps } from './steps/runProvisioningSteps';
import { RunStepsOptions } from './steps/types';

/**
 * Validates the spec, plans it with its engine and runs every step; returns
 * where the store is. Bad input and unavailable engines fail before anything
 * is created.
 *
 * @public
 */
export async function provisionStore(
  kubeConfig: KubeConfig,
  config: ProvisioningConfig,
  spec: StoreSpec,
  options: RunStepsOptions = {},
): Promise<{ url: string; namespace: string }> {
  const valid = validateStoreSpec(spec);
  const steps = getEngine(valid.engine).plan(valid, { kubeConfig, config });
  await runProvisioningSteps(steps, options);
  return {
    url: storeUrl({ spec: valid, config }),
    namespace: storeNamespace(valid.id),
  };
}
