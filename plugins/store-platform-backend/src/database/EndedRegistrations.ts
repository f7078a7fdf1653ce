import { Knex } from 'knex';
import { toIso } from './rows';

const TABLE = 'store_ended_registrations';

interface EndedRegistrationRow {
  registration_uid: string;
  store_id: string;
  ended_at: Date | string | number;
}

/** A registration whose store was deleted. */
export interface EndedRegistration {
  uid: string;
  storeId: string;
  /** ISO 8601: when its store's row went. */
  endedAt: string;
}

/**
 * The registrations whose store was deleted, kept for a while after. A
 * namespace labelled with one of them is a leftover: made by a provisioning
 * step that ran after its store's deletion began (or whose deletion it
 * outlived). Registration uids are random, so a uid found here was issued by
 * this database: the sweep never touches a namespace of another registry
 * that happens to share the install's label.
 */
export class EndedRegistrations {
  constructor(private readonly knex: Knex) {}

  /** Remembers that `uid` ended; called in the transaction that removes its store. */
  async record(
    tx: Knex,
    ended: { uid: string; storeId: string; at: Date },
  ): Promise<void> {
    await tx<EndedRegistrationRow>(TABLE)
      .insert({
        registration_uid: ended.uid,
        store_id: ended.storeId,
        ended_at: ended.at,
      })
      .onConflict('registration_uid')
      .ignore();
  }

  /** The registrations that ended at or after `since`, oldest first. */
  async listSince(since: Date): Promise<EndedRegistration[]> {
    const rows = await this.knex<EndedRegistrationRow>(TABLE)
      .where('ended_at', '>=', since)
      .orderBy('ended_at');
    return rows.map(row => ({
      uid: row.registration_uid,
      storeId: row.store_id,
      endedAt: toIso(row.ended_at),
    }));
  }

  /** Forgets registrations that ended before `before`; returns how many. */
  async prune(before: Date): Promise<number> {
    return this.knex<EndedRegistrationRow>(TABLE)
      .where('ended_at', '<', before)
      .delete();
  }
}
