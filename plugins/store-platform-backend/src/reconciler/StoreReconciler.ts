import { LoggerService } from '@backstage/backend-plugin-api';
import { isSettled, Store } from '@store-platform/plugin-store-platform-common';
import {
  ClusterUnreachableError,
  withinMs,
} from '@store-platform/plugin-store-platform-node';
import { StoreClusterOps, StoreInspection } from '../cluster/StoreClusterOps';
import { ClusterHealthView } from '../cluster/StoreClusters';
import { StoreService } from '../service/StoreService';

const DEFAULT_INSPECT_TIMEOUT_MS = 30_000;

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
  /** How long one store's look at its cluster may take. Default 30 s. */
  inspectTimeoutMs?: number;
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

  /**
   * Each cluster's ready stores, one cluster beside the other, so a slow or
   * silent cluster delays only its own stores: each look is bounded, and a
   * cluster that does not answer one (or is known unreachable) is left alone
   * for the rest of this run.
   */
  private async checkReady(cluster: StoreClusterOps, report: ReconcileReport) {
    const byCluster = new Map<string, Store[]>();
    for (const store of await this.options.service.db.listByStatus('ready')) {
      const name = store.cluster ?? 'default';
      byCluster.set(name, [...(byCluster.get(name) ?? []), store]);
    }
    await Promise.all(
      [...byCluster].map(([name, stores]) =>
        this.checkCluster(cluster, name, stores, report),
      ),
    );
  }

  private async checkCluster(
    cluster: StoreClusterOps,
    name: string,
    stores: Store[],
    report: ReconcileReport,
  ) {
    const { service, logger } = this.options;
    const timeoutMs =
      this.options.inspectTimeoutMs ?? DEFAULT_INSPECT_TIMEOUT_MS;
    for (const [i, store] of stores.entries()) {
      if (this.options.clusterHealth?.unreachable(name)) {
        report.unreachable.push(...stores.slice(i).map(s => s.id));
        return;
      }
      let seen: StoreInspection;
      try {
        seen = await withinMs(cluster.inspectStore(store.id), timeoutMs);
      } catch (error) {
        if (
          error instanceof ClusterUnreachableError ||
          /^no answer within/.test(String((error as Error)?.message))
        ) {
          logger.warn(
            `Cluster ${name} did not answer for store ${store.id}; its stores are checked again next run: ${error}`,
          );
          report.unreachable.push(...stores.slice(i).map(s => s.id));
          return;
        }
        logger.warn(`Reconciling store ${store.id} failed: ${error}`);
        continue;
      }
      await this.attempt(store, async () => {
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
