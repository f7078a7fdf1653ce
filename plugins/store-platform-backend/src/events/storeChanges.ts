import { EventsService } from '@backstage/plugin-events-node';
import {
  STORE_CHANGES_TOPIC,
  StoreChange,
} from '@store-platform/plugin-store-platform-common';

// The topic and the change's shape are shared with the catalog module (its own package).
export type { StoreChange } from '@store-platform/plugin-store-platform-common';

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
