import { EngineNotAvailableError } from '../errors';
import { ProvisioningEngine } from './types';

/**
 * Offered, as in the original design, but not implemented: it refuses before creating anything.
 *
 * @public
 */
export const medusaEngine: ProvisioningEngine = {
  name: 'medusa',
  plan() {
    throw new EngineNotAvailableError('the medusa engine is not available yet');
  },
};
