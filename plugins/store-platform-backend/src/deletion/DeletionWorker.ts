import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterUnreachableError } from '@store-platform/plugin-store-platform-node';
import { StoreClusterOps } from '../cluster/StoreClusterOps';
import { DeletionClaims } from '../database/DeletionClaims';
import { StoreService } from '../service/StoreService';
import { DeletionTimings } from './deletionConfig';

export interface DeletionWorkerOptions {
  service: StoreService;
  cluster?: StoreClusterOps;
  logger: LoggerService;
  /** This backend replica, as the claims and the history name it. */
  replica: string;
  /** How long one namespace deletion may take before the store is marked failed. */
  timeoutMs: number;
  timings: DeletionTimings;
  now?: () => Date;
}

/**
 * Runs stores' deletions, each on exactly one replica at a time: a deletion
 * runs only under a claim taken in the database (see DeletionClaims), kept
 * fresh by a heartbeat while it runs. The replica that accepts a DELETE claims
 * and runs it; {@link sweep}, run periodically on every replica, takes over
 * deletions nobody holds (the holder shut down) or whose holder went silent
 * for `takeOverAfterMs` (it died). A replica that loses its claim stops at once
 * and leaves the outcome to the new holder.
 */
export class DeletionWorker {
  /** This replica's own jobs, only so they can be awaited and stopped; the claim decides who runs. */
  private readonly jobs = new Map<
    string,
    { done: Promise<void>; abort: AbortController }
  >();
  private stopped = false;

  constructor(private readonly options: DeletionWorkerOptions) {}

  private get claims(): DeletionClaims {
    return this.options.service.db.deletionClaims;
  }

  private staleBefore(): Date {
    const now = this.options.now?.() ?? new Date();
    return new Date(now.getTime() - this.options.timings.takeOverAfterMs);
  }

  /**
   * Claims the deletion of `storeId` and runs it in the background (await
   * {@link drain} for it). True when this replica runs it now; false when
   * another replica holds a live claim on it, or the store is not being deleted.
   */
  async start(storeId: string): Promise<boolean> {
    if (this.stopped) return false;
    if (this.jobs.has(storeId)) return true;
    const claim = await this.claims.claim(
      storeId,
      this.options.replica,
      this.staleBefore(),
    );
    if (!claim) return false;
    if (claim.tookOverFrom) {
      this.options.logger.warn(
        `Took over the deletion of store ${storeId} from replica ${claim.tookOverFrom}, which stopped sending heartbeats`,
      );
    }
    const abort = new AbortController();
    const done = this.run(storeId, abort).finally(() =>
      this.jobs.delete(storeId),
    );
    this.jobs.set(storeId, { done, abort });
    return true;
  }

  /**
   * Claims and starts the deletion of `storeId` without waiting (the DELETE
   * route's call); a failure to claim is logged and left to the next sweep.
   */
  enqueue(storeId: string): void {
    this.start(storeId).catch(error =>
      this.options.logger.warn(
        `Could not claim the deletion of store ${storeId}; the next sweep retries: ${error}`,
      ),
    );
  }

  /**
   * Starts every deletion no replica runs: unclaimed, or claimed by a replica
   * silent for longer than the bound. Returns the stores it took.
   */
  async sweep(): Promise<string[]> {
    const taken: string[] = [];
    for (const storeId of await this.claims.listClaimable(this.staleBefore())) {
      if (this.jobs.has(storeId)) continue; // ours, only late with its heartbeat
      try {
        if (await this.start(storeId)) taken.push(storeId);
      } catch (error) {
        this.options.logger.warn(
          `Could not claim the deletion of store ${storeId}: ${error}`,
        );
      }
    }
    return taken;
  }

  /** Waits for every job of this replica; used by tests. */
  async drain(): Promise<void> {
    await Promise.all([...this.jobs.values()].map(job => job.done));
  }

  /**
   * Stops this replica's jobs and releases their claims, so another replica's
   * next sweep resumes them at once instead of waiting out the bound.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const [storeId, job] of this.jobs) {
      job.abort.abort();
      try {
        await this.claims.release(storeId, this.options.replica);
      } catch (error) {
        this.options.logger.warn(
          `Could not release the deletion of store ${storeId}: ${error}`,
        );
      }
    }
  }

  private async run(storeId: string, abort: AbortController): Promise<void> {
    const { service, cluster, logger, timeoutMs, replica } = this.options;
    const stopBeating = this.keepClaimFresh(storeId, abort);
    try {
      if (!cluster) {
        throw new Error(
          'no Kubernetes cluster is configured (storePlatform.kubernetes), so the namespace cannot be deleted',
        );
      }
      await cluster.deleteStore(storeId, { signal: abort.signal, timeoutMs });
      if (abort.signal.aborted) return;
      await service.completeDeletion(storeId);
    } catch (error) {
      // Stopped, or the claim was lost: whoever holds it now finishes the job.
      if (abort.signal.aborted) return;
      if (error instanceof ClusterUnreachableError) {
        // Not the store's fault: it stays deleting, and a sweep retries once the cluster answers.
        logger.warn(`Deleting store ${storeId} waits: ${error.message}`);
        await this.claims.release(storeId, replica).catch(() => undefined);
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn(`Deleting store ${storeId} failed: ${reason}`);
      try {
        await service.failDeletion(
          storeId,
          replica,
          `deletion failed: ${reason}`,
        );
      } catch (markError) {
        logger.warn(`Could not mark store ${storeId} failed: ${markError}`);
      }
    } finally {
      stopBeating();
    }
  }

  /** Heartbeats every `heartbeatMs`; aborts the job when the claim is no longer ours. */
  private keepClaimFresh(storeId: string, abort: AbortController): () => void {
    const { heartbeatMs } = this.options.timings;
    let timer: NodeJS.Timeout | undefined;
    const schedule = () => {
      // eslint-disable-next-line @typescript-eslint/no-use-before-define
      timer = setTimeout(beat, heartbeatMs);
      timer.unref();
    };
    const beat = async () => {
      try {
        const kept = await this.claims.heartbeat(storeId, this.options.replica);
        if (!kept && !abort.signal.aborted) {
          this.options.logger.warn(
            `Replica ${this.options.replica} lost its claim on the deletion of store ${storeId}; stopping it`,
          );
          abort.abort();
        }
      } catch (error) {
        // A missed beat is not a lost claim; the bound allows for several.
        this.options.logger.warn(
          `Heartbeat of the deletion of store ${storeId} failed: ${error}`,
        );
      }
      if (!abort.signal.aborted) schedule();
    };
    abort.signal.addEventListener('abort', () => clearTimeout(timer));
    schedule();
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }
}
