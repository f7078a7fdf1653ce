import { LoggerService } from '@backstage/backend-plugin-api';
import { StoreClusterOps } from '../cluster/StoreClusterOps';
import { StoreDatabase } from '../database/StoreDatabase';

/** How long an ended registration is remembered: far longer than any provisioning step runs. */
export const KEEP_ENDED_REGISTRATIONS_MS = 7 * 24 * 60 * 60_000;

export interface LeftoverNamespaceSweepOptions {
  db: StoreDatabase;
  cluster: Pick<
    StoreClusterOps,
    'listRegisteredNamespaces' | 'deleteLeftoverNamespace'
  >;
  logger: LoggerService;
  now?: () => Date;
}

/**
 * Finds and deletes namespaces left by a registration that ended: a
 * provisioning step that was already past its fence when the store's
 * deletion began can make the namespace after the deletion looked for it.
 * Such a namespace carries the registration label of a store this registry
 * deleted; it is deleted (that object only, by its uid), the log says so,
 * and so does the history of the store now registered under the id, if any.
 *
 * Only namespaces labelled with a registration this database issued and saw
 * end are touched: another registry sharing the install's label, a store
 * registered before uids existed, or a namespace of a live registration are
 * left alone. Run by one replica at a time (a global scheduled task).
 */
export class LeftoverNamespaceSweep {
  constructor(private readonly options: LeftoverNamespaceSweepOptions) {}

  /** Returns the namespaces it deleted. */
  async sweep(): Promise<string[]> {
    const { db, cluster, logger } = this.options;
    const now = this.options.now?.() ?? new Date();
    const remembered = new Date(now.getTime() - KEEP_ENDED_REGISTRATIONS_MS);
    await db.endedRegistrations.prune(remembered);
    const ended = new Map(
      (await db.endedRegistrations.listSince(remembered)).map(r => [r.uid, r]),
    );
    // Nothing ended lately: nothing to look for, no call to any cluster.
    if (ended.size === 0) return [];
    const namespaces = (
      await cluster.listRegisteredNamespaces([...ended.keys()])
    ).filter(ns => !ns.terminating);
    const deleted: string[] = [];
    for (const ns of namespaces) {
      const registration = ended.get(ns.registration);
      // Only a leftover of a store this registry deleted; the id is the label's, checked too.
      if (!registration || registration.storeId !== ns.storeId) continue;
      try {
        if ((await cluster.deleteLeftoverNamespace(ns)) === 'gone') continue;
      } catch (error) {
        logger.warn(
          `Could not delete namespace ${ns.name}, left by registration ${ns.registration} of store ${ns.storeId}; the next sweep retries: ${error}`,
        );
        continue;
      }
      const why = `namespace ${ns.name} was left by registration ${ns.registration} of store id ${ns.storeId}, deleted at ${registration.endedAt}; deleted it`;
      logger.warn(`Leftover sweep: ${why}`, {
        storeId: ns.storeId,
        registration: ns.registration,
      });
      await db.note(ns.storeId, `leftover sweep: ${why}`);
      deleted.push(ns.name);
    }
    return deleted;
  }
}
