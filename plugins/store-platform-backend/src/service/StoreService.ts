import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  Store,
  StoreOperation,
  StoreStatus,
} from '@store-platform/plugin-store-platform-common';
import {
  ClusterPlacement,
  NewStore,
  StoreDatabase,
  TransitionOptions,
} from '../database/StoreDatabase';
import { OperationOutcome } from '../database/StoreOperationLeases';
import { StoreChangePublisher } from '../events/storeChanges';

/**
 * The registry's write side: every change goes through here so that it is
 * stored first and then announced to the catalog entity provider.
 */
export class StoreService {
  constructor(
    readonly db: StoreDatabase,
    private readonly changes: StoreChangePublisher,
    private readonly logger: LoggerService,
    /** Told when a store's cluster readings may have changed (browsers re-read them). */
    private readonly readings?: { readingsChanged(id: string): Promise<void> },
  ) {}

  async register(store: NewStore, place?: ClusterPlacement): Promise<Store> {
    const created = await this.db.register(store, place);
    await this.announce({ type: 'upserted', store: created });
    return created;
  }

  async transition(
    id: string,
    to: StoreStatus,
    options?: TransitionOptions,
  ): Promise<Store> {
    const { store } = await this.db.transition(id, to, options);
    await this.announce({ type: 'upserted', store });
    return store;
  }

  /** Takes the store's operation lease for `taskId` (see StoreOperationLeases). */
  async beginOperation(
    id: string,
    operation: StoreOperation,
    taskId: string,
  ): Promise<Store> {
    const store = await this.db.leases.begin(id, operation, taskId);
    await this.announce({ type: 'upserted', store });
    return store;
  }

  /**
   * The operation of `taskId` is alive. While it runs, its Kubernetes Warning
   * events (a stuck resize, an image that does not pull) may change without
   * any change of the store, so browsers are told to read them again.
   */
  async heartbeat(id: string, taskId: string): Promise<void> {
    await this.db.leases.heartbeat(id, taskId);
    try {
      await this.readings?.readingsChanged(id);
    } catch (error) {
      this.logger.warn(
        `Could not signal the readings of store ${id}: ${error}`,
      );
    }
  }

  /** Records the outcome of the operation of `result.taskId` and releases its lease. */
  async finishOperation(id: string, result: OperationOutcome): Promise<Store> {
    const store = await this.db.leases.finish(id, result);
    await this.announce({ type: 'upserted', store });
    return store;
  }

  /**
   * Moves a store to `deleting`, or leaves it there when it already is
   * (asking twice is not an error). Returns the store.
   */
  async beginDeletion(id: string, message: string): Promise<Store> {
    const current = await this.db.get(id);
    if (current.status === 'deleting') return current;
    return this.transition(id, 'deleting', { message });
  }

  /** The namespace is gone: the store leaves the registry and the catalog. */
  async completeDeletion(id: string): Promise<void> {
    const removed = await this.db.remove(id);
    if (!removed) {
      const still = await this.db.find(id);
      if (!still) throw new NotFoundError(`no store with id "${id}"`);
      return; // it left `deleting` (e.g. failed) meanwhile; keep it
    }
    this.logger.info(
      `Store ${id} deleted; it leaves the registry and the catalog`,
      {
        storeId: id,
        owner: removed.owner,
      },
    );
    await this.announce({ type: 'removed', store: removed });
  }

  /**
   * The deletion `replica` runs failed: the store goes to `failed` with the
   * reason, unless the replica lost its claim meanwhile (then it is not its to fail).
   */
  async failDeletion(
    id: string,
    replica: string,
    message: string,
  ): Promise<Store | undefined> {
    const store = await this.db.deletionClaims.fail(id, replica, message);
    if (store) await this.announce({ type: 'upserted', store });
    return store;
  }

  /** Records (or clears) a drift report on a `ready` store. */
  async reportDrift(id: string, message: string | undefined): Promise<void> {
    const store = await this.db.setStatusMessage(id, 'ready', message);
    if (store) await this.announce({ type: 'upserted', store });
  }

  private async announce(
    change: Parameters<StoreChangePublisher['publish']>[0],
  ) {
    try {
      await this.changes.publish(change);
    } catch (error) {
      // The scheduled full sync of the catalog catches up on a lost
      // announcement; browsers on their next heartbeat gap or slow re-read.
      this.logger.warn(
        `Could not announce change of store ${change.store.id}: ${error}`,
      );
    }
  }
}
