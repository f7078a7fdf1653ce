import { LoggerService } from '@backstage/backend-plugin-api';
import { isSettled, Store } from '@internal/plugin-store-platform-common';
import { StoreClusterOps } from '../cluster/StoreClusterOps';
import { ClusterHealthView } from '../cluster/StoreClusters';
import { StoreService } from '../service/StoreService';

/** Prefix of the status message that reports a `ready` store's missing parts. */
export const DRIFT_PREFIX = 'drift:';

export interface StoreReconcilerOptions {
  service: StoreService;
  cluster?: StoreClusterOps;
  /** Stores on a cluster seen unreachable are not inspected: an outage is not drift. */
  clusterHealth?: ClusterHealthView;
  logger: LoggerService;
  /**
   * An operation whose task sent no heartbeat for this long is stuck: a
   * `pending`/`provisioning` store is failed, a settled one is released.
   */
  stuckAfterMs: number;
  now?: () => Date;
}

export interface ReconcileReport {
  interrupted: string[];
  drifted: string[];
  /** Ready stores left alone because their cluster does not answer. */
  unreachable: string[];
}

/**
 * Brings the registry back in line with reality; run on start-up and then
 * periodically by one replica at a time (the scheduler's global task). It
 * keeps nothing in memory between runs: whether an operation is alive is
 * read from its heartbeat in the database, so any replica may run it next.
 *
 * - `pending`/`provisioning` whose task sent no heartbeat past the timeout
 *   (or, with no operation recorded, made no change) -> `failed`
 *   ("interrupted"): the task that drove it died, e.g. with a backend restart.
 *   A long but live wait keeps its heartbeat fresh and is left alone.
 * - a day-two operation on a settled store whose heartbeat stopped: its lease
 *   is released and it is recorded as failed, so the store can be operated again.
 * - `ready` whose namespace or storefront is gone, or whose WordPress or
 *   MariaDB is not ready (a crashed or killed container, in the kubelet's
 *   words): reported in the status message (`drift: ...`) and the log until
 *   it recovers; the status stays `ready`, since the state machine has no way
 *   back and only the owner should decide to delete.
 *
 * Deletions are not its job: each runs under a claim in the database, and
 * every replica's DeletionWorker sweep resumes one whose replica died.
 */
export class StoreReconciler {
  constructor(private readonly options: StoreReconcilerOptions) {}

  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = {
      interrupted: [],
      drifted: [],
      unreachable: [],
    };
    await this.failStuck(report);
    if (this.options.cluster) {
      await this.checkReady(this.options.cluster, report);
    }
    return report;
  }

  private async failStuck(report: ReconcileReport) {
    const { service, stuckAfterMs, logger } = this.options;
    const now = this.options.now?.() ?? new Date();
    const cutoff = new Date(now.getTime() - stuckAfterMs);
    const stuck = await service.db.listUnchangedSince(
      ['pending', 'provisioning'],
      cutoff,
    );
    const minutes = Math.round(stuckAfterMs / 60_000);
    for (const store of stuck) {
      await this.attempt(store, async () => {
        const message = `interrupted: no sign of its task for ${minutes} minutes while ${store.status}; retry it with the store-retry template`;
        if (store.operation?.taskId) {
          await service.finishOperation(store.id, {
            taskId: store.operation.taskId,
            outcome: 'failed',
            status: 'failed',
            message,
          });
        } else {
          await service.transition(store.id, 'failed', {
            message,
            expectedFrom: [store.status],
          });
        }
        report.interrupted.push(store.id);
        logger.warn(
          `Store ${store.id} was stuck in ${store.status}; marked failed`,
        );
      });
    }
    for (const store of await service.db.leases.listAbandoned(cutoff)) {
      const operation = store.operation;
      if (!operation?.taskId || !isSettled(store.status)) continue;
      await this.attempt(store, async () => {
        await service.finishOperation(store.id, {
          taskId: operation.taskId!,
          outcome: 'failed',
          message: `${operation.kind} interrupted: its task sent no heartbeat for ${minutes} minutes; nothing is running on the store now`,
        });
        report.interrupted.push(store.id);
        logger.warn(
          `Operation ${operation.kind} on store ${store.id} stopped sending heartbeats; released`,
        );
      });
    }
  }

  private async checkReady(cluster: StoreClusterOps, report: ReconcileReport) {
    const { service, logger } = this.options;
    for (const store of await service.db.listByStatus('ready')) {
      if (
        store.cluster &&
        this.options.clusterHealth?.unreachable(store.cluster)
      ) {
        report.unreachable.push(store.id);
        continue;
      }
      await this.attempt(store, async () => {
        const seen = await cluster.inspectStore(store.id);
        const missing = [
          seen.namespace === 'foreign' &&
            `namespace ${store.namespace} belongs to another install`,
          seen.namespace !== 'present' &&
            seen.namespace !== 'foreign' &&
            `namespace ${store.namespace} is ${seen.namespace}`,
          seen.storefront !== 'present' &&
            'the storefront Deployment is absent',
          ...(seen.unready ?? []),
        ].filter(Boolean);
        if (missing.length > 0) {
          const message = `${DRIFT_PREFIX} ${missing.join('; ')}`;
          if (store.statusMessage !== message) {
            logger.warn(`Store ${store.id} is ready but ${missing.join('; ')}`);
          }
          await service.reportDrift(store.id, message);
          report.drifted.push(store.id);
        } else if (store.statusMessage?.startsWith(DRIFT_PREFIX)) {
          await service.reportDrift(store.id, undefined);
        }
      });
    }
  }

  /** One store's trouble must not stop the others from being reconciled. */
  private async attempt(store: Store, work: () => Promise<void>) {
    try {
      await work();
    } catch (error) {
      this.options.logger.warn(
        `Reconciling store ${store.id} failed: ${error}`,
      );
    }
  }
}
