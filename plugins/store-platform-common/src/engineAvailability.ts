import { StoreEngine } from './engines';

/**
 * Engines that provision for real. The others are offered, as in the design, but refused.
 *
 * @public
 */
export const AVAILABLE_ENGINES: readonly StoreEngine[] = ['woocommerce'];

/**
 * Why a store of `engine` cannot be registered, or undefined when it can.
 * Checked before anything is written, so an engine that cannot provision
 * leaves no failed store behind and no catalog entity with a dead link.
 *
 * @public
 */
export function engineRefusal(engine: StoreEngine): string | undefined {
  if (AVAILABLE_ENGINES.includes(engine)) return undefined;
  return `the ${engine} engine is not available yet; choose ${AVAILABLE_ENGINES.join(
    ' or ',
  )}`;
}
