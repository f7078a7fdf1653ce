import { Store } from './types';

/**
 * Topic on the Backstage events bus where the store-platform backend
 * publishes every store change, after it is committed. The catalog module
 * subscribes to it to keep store entities current.
 *
 * @public
 */
export const STORE_CHANGES_TOPIC = 'store-platform.store-changes';

/**
 * A store was registered or changed, or it is gone for good.
 *
 * @public
 */
export type StoreChange =
  | { type: 'upserted'; store: Store }
  | { type: 'removed'; store: Store };

/**
 * Whether an events-bus payload is a {@link StoreChange}: payloads cross
 * replicas as JSON, so a receiver checks the shape before using it.
 *
 * @public
 */
export function isStoreChange(payload: unknown): payload is StoreChange {
  const change = payload as Partial<StoreChange> | undefined;
  return (
    !!change &&
    (change.type === 'upserted' || change.type === 'removed') &&
    typeof change.store?.id === 'string'
  );
}
