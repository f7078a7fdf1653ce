import { LoggerService } from '@backstage/backend-plugin-api';
import { StoreClusterOps } from '../cluster/StoreClusterOps';
import { StoreService } from '../service/StoreService';

export interface DeletionQueueOptions {
  service: StoreService;
  cluster?: StoreClusterOps;
  logger: LoggerService;
  /** How long one namespace deletion may take before the store is marked failed. */
  timeoutMs: number;
}

/**
 * Deletes stores' namespaces in the background, one job per store. The jobs
 * live in memory; after a restart the reconciler finds stores still in
 * `deleting` and enqueues them again (deleting a namespace is idempotent).
 */
export class DeletionQueue {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();

  constructor(private readonly options: DeletionQueueOptions) {}

  isRunning(storeId: string): boolean {
    return this.inFlight.has(storeId);
  }

  /** Starts deleting the store unless that is already under way; returns the job. */
  enqueue(storeId: string): Promise<void> {
    const running = this.inFlight.get(storeId);
    if (running) return running;
    const job = this.run(storeId).finally(() => this.inFlight.delete(storeId));
    this.inFlight.set(storeId, job);
    return job;
  }

  /** Waits for every running job; used by tests and on shutdown. */
  async drain(): Promise<void> {
    await Promise.all([...this.inFlight.values()]);
  }

  stop(): void {
    this.abort.abort();
  }

  private async run(storeId: string): Promise<void> {
    const { service, cluster, logger, timeoutMs } = this.options;
    try {
      if (!cluster) {
        throw new Error(
          'no Kubernetes cluster is configured (storePlatform.kubernetes), so the namespace cannot be deleted',
        );
      }
      await cluster.deleteStore(storeId, {
        signal: this.abort.signal,
        timeoutMs,
      });
      await service.completeDeletion(storeId);
    } catch (error) {
      if (this.abort.signal.aborted) return; // shutting down: the reconciler resumes it
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn(`Deleting store ${storeId} failed: ${reason}`);
      try {
        await service.transition(storeId, 'failed', {
          message: `deletion failed: ${reason}`,
          expectedFrom: ['deleting'],
        });
      } catch (markError) {
        logger.warn(`Could not mark store ${storeId} failed: ${markError}`);
      }
    }
  }
}
