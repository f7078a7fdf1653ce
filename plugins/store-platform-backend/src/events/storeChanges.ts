import { EventsService } from '@backstage/plugin-events-node';
import { Store } from '@store-platform/plugin-store-platform-common';

/** Topic on the Backstage events bus where store changes are published. */
export const STORE_CHANGES_TOPIC = 'store-platform.store-changes';

/** A store was registered or changed status, or it is gone for good. */
export type StoreChange =
  | { type: 'upserted'; store: Store }
  | { type: 'removed'; store: Store };

export interface StoreChangePublisher {
  publish(change: StoreChange): Promise<void>;
}

/** Publishes store changes on the events bus (shared across replicas by the events backend). */
export function eventsStoreChangePublisher(
  events: EventsService,
): StoreChangePublisher {
  return {
    async publish(change) {
      await events.publish({
        topic: STORE_CHANGES_TOPIC,
        eventPayload: change,
      });
    },
  };
}

export function isStoreChange(payload: unknown): payload is StoreChange {
  const change = payload as Partial<StoreChange> | undefined;
  return (
    !!change &&
    (change.type === 'upserted' || change.type === 'removed') &&
    typeof change.store?.id === 'string'
  );
}
