import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  canTransition,
  IllegalTransitionError,
  Page,
  Store,
  StoreEngine,
  StoreEvent,
  StoreSize,
  StoreStatus,
} from '@store-platform/plugin-store-platform-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { listStores, ListStoresOptions } from './listStores';
import {
  RELEASED_DELETION_CLAIM,
  RELEASED_LEASE,
  rowToEvent,
  rowToStore,
  StoreEventRow,
  StoreRow,
} from './rows';
import { DeletionClaims } from './DeletionClaims';
import { storesPerCluster } from './storesPerCluster';
import { EndedRegistrations } from './EndedRegistrations';
import { StoreOperationLeases } from './StoreOperationLeases';

/** What registering a store records; the rest is derived or set by transitions. */
export interface NewStore {
  id: string;
  title: string;
  engine: StoreEngine;
  owner: string;
  size: StoreSize;
  namespace: string;
  url: string;
  taskId?: string;
  /** Its cluster; default `default`. Ignored when `register` is given a placement. */
  cluster?: string;
}

/**
 * Picks a new store's cluster from how many stores each cluster has now
 * (read in the registering transaction); throws to refuse the store.
 */
export type ClusterPlacement = (
  storesPerCluster: ReadonlyMap<string, number>,
) => string;

export interface TransitionOptions {
  message?: string;
  taskId?: string;
  /** Refuse unless the store is in one of these statuses (compare-and-set). */
  expectedFrom?: readonly StoreStatus[];
}

export type { ListStoresOptions } from './listStores';

const STORES = 'stores';
const EVENTS = 'store_events';

/** Compare-and-set retries before a contended transition gives up with 409. */
const MAX_ATTEMPTS = 5;

/**
 * The store registry. Every status change goes through {@link transition},
 * which checks the common state machine and writes the status and its event
 * in one transaction guarded by compare-and-set on the previous status, so
 * concurrent updates can neither skip the machine nor lose an event.
 */
export class StoreDatabase {
  /** The operation in flight on each store (see StoreOperationLeases). */
  readonly leases: StoreOperationLeases;
  /** The replica running each store's deletion (see DeletionClaims). */
  readonly deletionClaims: DeletionClaims;
  /** Registrations whose store was deleted (see EndedRegistrations). */
  readonly endedRegistrations: EndedRegistrations;

  constructor(
    private readonly knex: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.leases = new StoreOperationLeases(knex, now);
    this.deletionClaims = new DeletionClaims(knex, now);
    this.endedRegistrations = new EndedRegistrations(knex);
  }

  async register(store: NewStore, place?: ClusterPlacement): Promise<Store> {
    const at = this.now();
    try {
      await this.knex.transaction(async tx => {
        const taken = await tx<StoreRow>(STORES)
          .where({ id: store.id })
          .first('status');
        if (taken) throw conflictForTakenId(store.id, taken.status);
        const cluster = place
          ? place(await storesPerCluster(tx))
          : store.cluster ?? 'default';
        await tx<StoreRow>(STORES).insert({
          id: store.id,
          title: store.title,
          engine: store.engine,
          owner: store.owner,
          size: store.size,
          namespace: store.namespace,
          url: store.url,
          cluster,
          // New with every registration, so nothing of an earlier one passes for this one.
          registration_uid: randomUUID(),
          status: 'pending',
          status_message: null,
          task_id: store.taskId ?? null,
          created_at: at,
          updated_at: at,
        });
        await tx<StoreEventRow>(EVENTS).insert({
          store_id: store.id,
          from_status: null,
          to_status: 'pending',
          message: 'registered',
          at,
        });
      });
    } catch (error) {
      if (error instanceof ConflictError) throw error;
      // Two registrations raced past the check: the primary key decides.
      const winner = await this.find(store.id);
      if (winner) throw conflictForTakenId(store.id, winner.status);
      throw error;
    }
    return this.get(store.id);
  }

  async find(id: string): Promise<Store | undefined> {
    const row = await this.knex<StoreRow>(STORES).where({ id }).first();
    return row ? rowToStore(row) : undefined;
  }

  async get(id: string): Promise<Store> {
    const store = await this.find(id);
    if (!store) throw new NotFoundError(`no store with id "${id}"`);
    return store;
  }

  /** Loads several stores at once, in the order asked; unknown ids give undefined. */
  async findMany(ids: string[]): Promise<Array<Store | undefined>> {
    if (ids.length === 0) return [];
    const rows = await this.knex<StoreRow>(STORES).whereIn('id', ids);
    const byId = new Map(rows.map(row => [row.id, rowToStore(row)]));
    return ids.map(id => byId.get(id));
  }

  /** One page of stores, filtered and sorted in SQL, with the total for the same filters. */
  async list(options: ListStoresOptions): Promise<Page<Store>> {
    return listStores(this.knex, options);
  }

  /**
   * Stores in one of `statuses` with no sign of life since `before`: the
   * heartbeat of their operation when one runs, else their last change.
   */
  async listUnchangedSince(
    statuses: readonly StoreStatus[],
    before: Date,
  ): Promise<Store[]> {
    const rows = await this.knex<StoreRow>(STORES)
      .whereIn('status', statuses as StoreStatus[])
      .where(q =>
        q
          .where(w =>
            w
              .whereNotNull('operation_heartbeat_at')
              .where('operation_heartbeat_at', '<', before),
          )
          .orWhere(w =>
            w
              .whereNull('operation_heartbeat_at')
              .where('updated_at', '<', before),
          ),
      )
      .orderBy('id');
    return rows.map(rowToStore);
  }

  async listByStatus(status: StoreStatus): Promise<Store[]> {
    const rows = await this.knex<StoreRow>(STORES)
      .where({ status })
      .orderBy('id');
    return rows.map(rowToStore);
  }

  /** The store's history, oldest first. */
  async events(id: string): Promise<StoreEvent[]> {
    await this.get(id);
    const rows = await this.knex<StoreEventRow>(EVENTS)
      .where({ store_id: id })
      .orderBy('id', 'asc');
    return rows.map(rowToEvent);
  }

  /**
   * Moves a store to `to` if the state machine allows it, recording the event.
   * Throws NotFoundError for an unknown store and ConflictError (409) for an
   * illegal or lost transition.
   */
  async transition(
    id: string,
    to: StoreStatus,
    options: TransitionOptions = {},
  ): Promise<{ store: Store; event: StoreEvent }> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const outcome = await this.knex.transaction(async tx => {
        const row = await tx<StoreRow>(STORES).where({ id }).first();
        if (!row) throw new NotFoundError(`no store with id "${id}"`);
        const from = row.status as StoreStatus;
        if (options.expectedFrom && !options.expectedFrom.includes(from)) {
          throw new ConflictError(
            `store "${id}" is ${from}, expected ${options.expectedFrom.join(
              ' or ',
            )}`,
          );
        }
        if (!canTransition(from, to)) {
          throw new ConflictError(new IllegalTransitionError(from, to).message);
        }
        const at = this.now();
        const changed = await tx<StoreRow>(STORES)
          .where({ id, status: from })
          .update({
            status: to,
            status_message: options.message ?? null,
            updated_at: at,
            ...(options.taskId ? { task_id: options.taskId } : {}),
            // Deletion ends any operation in flight: its next heartbeat is refused.
            ...(to === 'deleting' ? RELEASED_LEASE : {}),
            // Entering or leaving `deleting` starts with no replica holding the deletion.
            ...(to === 'deleting' || from === 'deleting'
              ? RELEASED_DELETION_CLAIM
              : {}),
          });
        // Someone else moved the store between our read and write: re-read.
        if (changed !== 1) return undefined;
        const [inserted] = await tx<StoreEventRow>(EVENTS)
          .insert({
            store_id: id,
            from_status: from,
            to_status: to,
            message: options.message ?? null,
            task_id: options.taskId ?? null,
            at,
          })
          .returning('id');
        const eventId =
          typeof inserted === 'object' ? inserted.id : (inserted as number);
        const updated = await tx<StoreRow>(STORES).where({ id }).first();
        return {
          store: rowToStore(updated!),
          event: rowToEvent({
            id: eventId,
            store_id: id,
            from_status: from,
            to_status: to,
            message: options.message ?? null,
            task_id: options.taskId ?? null,
            at,
          }),
        };
      });
      if (outcome) return outcome;
    }
    throw new ConflictError(
      `store "${id}" changed concurrently ${MAX_ATTEMPTS} times; try again`,
    );
  }

  /**
   * Sets the status message without a transition: used for drift reports on
   * stores that stay `ready`. Returns the store if the message changed.
   */
  async setStatusMessage(
    id: string,
    expectedStatus: StoreStatus,
    message: string | undefined,
  ): Promise<Store | undefined> {
    const changed = await this.knex<StoreRow>(STORES)
      .where({ id, status: expectedStatus })
      .whereRaw('COALESCE(status_message, ?) <> ?', ['', message ?? ''])
      .update({ status_message: message ?? null });
    return changed ? this.find(id) : undefined;
  }

  /**
   * Adds a line to the store's history without changing the store: what was
   * done in its name, e.g. a leftover namespace of an earlier registration
   * removed. Nothing happens when the store is gone.
   */
  async note(id: string, message: string): Promise<void> {
    const row = await this.knex<StoreRow>(STORES).where({ id }).first('status');
    if (!row) return;
    await this.knex<StoreEventRow>(EVENTS).insert({
      store_id: id,
      from_status: row.status,
      to_status: row.status,
      message,
      at: this.now(),
    });
  }

  /**
   * Forgets a deleted store: its row and its history go, so the id may be
   * registered again. Only a store in `deleting` can go. Its registration uid
   * is remembered as ended, so the leftover sweep removes a namespace a late
   * provisioning step still makes with it.
   */
  async remove(id: string): Promise<Store | undefined> {
    return this.knex.transaction(async tx => {
      const row = await tx<StoreRow>(STORES)
        .where({ id, status: 'deleting' })
        .first();
      if (!row) return undefined;
      if (row.registration_uid) {
        await this.endedRegistrations.record(tx, {
          uid: row.registration_uid,
          storeId: id,
          at: this.now(),
        });
      }
      await tx<StoreEventRow>(EVENTS).where({ store_id: id }).delete();
      await tx<StoreRow>(STORES).where({ id, status: 'deleting' }).delete();
      return rowToStore(row);
    });
  }
}

function conflictForTakenId(id: string, status: string): ConflictError {
  return new ConflictError(
    status === 'deleting'
      ? `store id "${id}" is taken by a store being deleted; try again once it is gone`
      : `store id "${id}" is already taken`,
  );
}
