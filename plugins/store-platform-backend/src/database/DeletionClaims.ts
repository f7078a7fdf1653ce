import { NotFoundError } from '@backstage/errors';
import { Store } from '@store-platform/plugin-store-platform-common';
import { Knex } from 'knex';
import {
  RELEASED_DELETION_CLAIM,
  rowToStore,
  StoreEventRow,
  StoreRow,
  toIso,
} from './rows';

const STORES = 'stores';
const EVENTS = 'store_events';

/** A replica's hold on one store's deletion. */
export interface DeletionClaim {
  storeId: string;
  replica: string;
  /** The replica whose stale claim this one replaced, if any. */
  tookOverFrom?: string;
}

/**
 * Which replica runs each store's deletion. A deletion is a row state (the
 * store is `deleting`) plus a claim on it, shaped like the operation lease:
 * the holder takes it by compare-and-set, keeps it fresh with heartbeats, and
 * any replica may take it over once the heartbeat is older than the bound it
 * passes in. So N replicas never run one deletion at the same time, and a dead
 * replica's deletion is resumed by another. The history records who ran it and
 * who took over.
 */
export class DeletionClaims {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Claims the deletion of `storeId` for `replica` when no one holds it or its
   * holder's heartbeat is older than `staleBefore`. Undefined when the store
   * is not `deleting` (or gone) or another replica holds a fresh claim.
   */
  async claim(
    storeId: string,
    replica: string,
    staleBefore: Date,
  ): Promise<DeletionClaim | undefined> {
    return this.knex.transaction(async tx => {
      const row = await tx<StoreRow>(STORES)
        .where({ id: storeId, status: 'deleting' })
        .first();
      if (!row) return undefined;
      const holder = row.deletion_claimed_by ?? undefined;
      const at = this.now();
      const taking = tx<StoreRow>(STORES).where({
        id: storeId,
        status: 'deleting',
      });
      if (holder) {
        // Compare-and-set: still that holder, and still silent.
        taking
          .where('deletion_claimed_by', holder)
          .where('deletion_heartbeat_at', '<', staleBefore);
      } else {
        taking.whereNull('deletion_claimed_by');
      }
      const taken = await taking.update({
        deletion_claimed_by: replica,
        deletion_claimed_at: at,
        deletion_heartbeat_at: at,
      });
      if (taken !== 1) return undefined;
      const message = holder
        ? `deletion taken over by replica ${replica}: replica ${holder} sent no heartbeat since ${toIso(
            row.deletion_heartbeat_at!,
          )}`
        : `deletion run by replica ${replica}`;
      await tx<StoreEventRow>(EVENTS).insert({
        store_id: storeId,
        from_status: 'deleting',
        to_status: 'deleting',
        message,
        at,
      });
      return {
        storeId,
        replica,
        ...(holder ? { tookOverFrom: holder } : {}),
      };
    });
  }

  /** Keeps `replica`'s claim fresh; false when it no longer holds it. */
  async heartbeat(storeId: string, replica: string): Promise<boolean> {
    const kept = await this.knex<StoreRow>(STORES)
      .where({
        id: storeId,
        status: 'deleting',
        deletion_claimed_by: replica,
      })
      .update({ deletion_heartbeat_at: this.now() });
    return kept === 1;
  }

  /** Lets go of `replica`'s claim (on shutdown), so the next sweep anywhere takes it at once. */
  async release(storeId: string, replica: string): Promise<void> {
    await this.knex<StoreRow>(STORES)
      .where({ id: storeId, deletion_claimed_by: replica })
      .update(RELEASED_DELETION_CLAIM);
  }

  /**
   * Ends `replica`'s deletion as failed, with the reason, in one transaction:
   * only while it still holds the claim, so a replica that lost it (taken
   * over) cannot fail a deletion another one is finishing. Returns the store,
   * or undefined when the claim was no longer this replica's.
   */
  async fail(
    storeId: string,
    replica: string,
    message: string,
  ): Promise<Store | undefined> {
    return this.knex.transaction(async tx => {
      const at = this.now();
      const changed = await tx<StoreRow>(STORES)
        .where({
          id: storeId,
          status: 'deleting',
          deletion_claimed_by: replica,
        })
        .update({
          ...RELEASED_DELETION_CLAIM,
          status: 'failed',
          status_message: message,
          updated_at: at,
        });
      if (changed !== 1) return undefined;
      await tx<StoreEventRow>(EVENTS).insert({
        store_id: storeId,
        from_status: 'deleting',
        to_status: 'failed',
        message,
        at,
      });
      const row = await tx<StoreRow>(STORES).where({ id: storeId }).first();
      if (!row) throw new NotFoundError(`no store with id "${storeId}"`);
      return rowToStore(row);
    });
  }

  /** Stores in `deleting` that no replica holds, or whose holder went silent before `staleBefore`. */
  async listClaimable(staleBefore: Date): Promise<string[]> {
    const rows = await this.knex<StoreRow>(STORES)
      .where({ status: 'deleting' })
      .where(q =>
        q
          .whereNull('deletion_claimed_by')
          .orWhere('deletion_heartbeat_at', '<', staleBefore),
      )
      .orderBy('id')
      .select('id');
    return rows.map(row => row.id);
  }

  /** Who holds the deletion of `storeId`, if anyone (for tests and diagnostics). */
  async holder(storeId: string): Promise<string | undefined> {
    const row = await this.knex<StoreRow>(STORES)
      .where({ id: storeId })
      .first('deletion_claimed_by');
    return row?.deletion_claimed_by ?? undefined;
  }
}
