import { Knex } from 'knex';
import { DeletionTimings } from '../deletion/deletionConfig';
import { DeletionWorker } from '../deletion/DeletionWorker';
import { StoreChange } from '../events/storeChanges';
import { StoreService } from '../service/StoreService';
import { FakeStoreCluster } from './FakeStoreCluster';
import { recordingStoreService } from './inMemoryStores';
import { newTestStore } from './testStores';

/** One backend replica's deletion machinery, over a database others share. */
export interface DeletionReplica {
  name: string;
  service: StoreService;
  worker: DeletionWorker;
  /** This replica's view of the cluster: what it deleted, and holds to stall it. */
  cluster: FakeStoreCluster;
  changes: StoreChange[];
}

/** A clock every replica of a test reads, moved by hand. */
export function testClock(start = '2026-12-02T10:00:00.000Z') {
  let now = new Date(start);
  return {
    now: () => now,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

/**
 * A replica named `name` over `knex`: its own service and worker, as a
 * separate backend process would have. `heartbeatMs` of an hour stands for a
 * replica that died (it never beats again).
 */
export function deletionReplica(
  knex: Knex,
  name: string,
  clock: { now: () => Date },
  timings: Partial<DeletionTimings> = {},
): DeletionReplica {
  const { service, changes, logger } = recordingStoreService(knex, clock.now);
  const cluster = new FakeStoreCluster();
  const worker = new DeletionWorker({
    service,
    cluster,
    logger,
    replica: name,
    timeoutMs: 60_000,
    timings: {
      heartbeatMs: 20,
      takeOverAfterMs: 30_000,
      sweepMs: 10_000,
      ...timings,
    },
    now: clock.now,
  });
  return { name, service, worker, cluster, changes };
}

/** Registers a store and moves it to `deleting`, as DELETE /stores/:id does before claiming. */
export async function storeBeingDeleted(service: StoreService, id: string) {
  await service.register(newTestStore(id));
  return service.beginDeletion(id, 'deletion requested by test');
}

/** A promise that never settles: a deletion stalled in the cluster. */
export const forever = () => new Promise<void>(() => {});
