import { InputError } from '@backstage/errors';
import { STORE_ENGINES } from '@store-platform/plugin-store-platform-common';
import { medusaEngine } from './medusa';
import { ProvisioningEngine } from './types';
import { woocommerceEngine } from './woocommerce/woocommerceEngine';

/**
 * Engines by name; each engine is one module.
 *
 * @public
 */
export class EngineRegistry {
  readonly #engines = new Map<string, ProvisioningEngine>();

  constructor(engines: ProvisioningEngine[] = []) {
    engines.forEach(e => this.register(e));
  }

  /** Adds an engine; its name must be new. */

  register(engine: ProvisioningEngine): this {
    this.#engines.set(engine.name, engine);
    return this;
  }

  /** The engine of that name; throws naming the engines there are when it is unknown. */

  get(name: string): ProvisioningEngine {
    const engine = this.#engines.get(name);
    if (!engine) {
      throw new InputError(
        `engine: must be one of ${[...this.#engines.keys()].join(', ')}`,
      );
    }
    return engine;
  }

  /** The names of the registered engines. */

  names(): string[] {
    return [...this.#engines.keys()];
  }
}

/**
 * The engines of the design: WooCommerce, and the Medusa stub.
 *
 * @public
 */
export const defaultEngineRegistry = new EngineRegistry([
  woocommerceEngine,
  medusaEngine,
]);

// Every engine of the shared contract must have a module.
for (const name of STORE_ENGINES) defaultEngineRegistry.get(name);

/**
 * The engine of that name from the default registry.
 *
 * @public
 */
export function getEngine(name: string): ProvisioningEngine {
  return defaultEngineRegistry.get(name);
}
