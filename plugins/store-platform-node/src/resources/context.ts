import { ProvisioningConfig } from '../config/provisioningConfig';
import { StoreSpec } from '../spec/storeSpec';
import { SIZE_PRESETS, SizePreset } from './sizes';
import { storeNamespace } from './names';

/**
 * What every builder needs: the validated spec and the provisioning config.
 *
 * @public
 */
export interface BuildContext {
  /** What to build: the store. */
  spec: StoreSpec;
  /** `storePlatform.provisioning`, defaults filled in. */
  config: ProvisioningConfig;
}

export function namespaceOf(ctx: BuildContext): string {
  return storeNamespace(ctx.spec.id);
}

export function presetOf(ctx: BuildContext): SizePreset {
  return SIZE_PRESETS[ctx.spec.size];
}
