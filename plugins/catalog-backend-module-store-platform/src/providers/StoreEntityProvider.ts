import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  Store,
  StoreChange,
} from '@store-platform/plugin-store-platform-common';
import { STORE_LOCATION, storeEntityRef, storeToEntity } from './storeToEntity';

/** Where the provider reads every store from (the store-platform API). */
export interface StoreSource {
  listAll(): Promise<Store[]>;
}

function deferred(store: Store): DeferredEntity {
  return { entity: storeToEntity(store), locationKey: STORE_LOCATION };
}

/**
 * Puts every store in the catalog as a Resource. Changes arrive as delta
 * mutations from the events bus within seconds; a full sync on a schedule
 * repairs anything missed and drops deleted stores.
 */
export class StoreEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly source: StoreSource,
    private readonly logger: LoggerService,
  ) {}

  getProviderName(): string {
    return 'store-platform';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  async fullSync(): Promise<number> {
    const connection = this.requireConnection();
    // Offset pages shift when a store is registered mid-read; a store seen
    // twice must still be emitted once.
    const byId = new Map<string, Store>();
    for (const store of await this.source.listAll()) byId.set(store.id, store);
    const stores = [...byId.values()];
    await connection.applyMutation({
      type: 'full',
      entities: stores.map(deferred),
    });
    this.logger.info(`Full sync: ${stores.length} stores in the catalog`);
    return stores.length;
  }

  /** Applies one change; before the catalog connects there is nothing to update. */
  async applyChange(change: StoreChange): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    if (change.type === 'upserted') {
      await connection.applyMutation({
        type: 'delta',
        added: [deferred(change.store)],
        removed: [],
      });
    } else {
      await connection.applyMutation({
        type: 'delta',
        added: [],
        removed: [
          {
            entityRef: storeEntityRef(change.store.id),
            locationKey: STORE_LOCATION,
          },
        ],
      });
    }
  }

  private requireConnection(): EntityProviderConnection {
    if (!this.connection) {
      throw new Error(
        'StoreEntityProvider is not connected to the catalog yet',
      );
    }
    return this.connection;
  }
}
