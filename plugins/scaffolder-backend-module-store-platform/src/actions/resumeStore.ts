import { StoreRegistry } from '../ports';
import { examples } from './resumeStore.examples';
import {
  createWorkloadOperationAction,
  WorkloadReplicas,
  WorkloadScalingOptions,
} from './workloadOperation';

/**
 * The cluster side of a resume (the node library's resumeStore).
 *
 * @public
 */
export interface StoreResumer {
  /** Restores the recorded replicas, database first; resolves once both are ready. */
  resume(
    storeId: string,
    options: WorkloadScalingOptions,
  ): Promise<{ replicas: WorkloadReplicas }>;
}

/**
 * `store:resume` wakes a `suspended` store: MariaDB, then WordPress, back to
 * the replicas they had, awaited until ready; `suspended -> ready`. A
 * failure leaves it `failed`, with the reason: `store:retry` provisions it again.
 *
 * @public
 */
export function createResumeStoreAction(options: {
  registry: StoreRegistry;
  cluster: StoreResumer;
}) {
  const { registry, cluster } = options;
  return createWorkloadOperationAction({
    operation: 'resume',
    description:
      'Resumes a suspended store: its database and storefront back to the replicas they had, waited for until ready. Needs store.update (its owners or a platform admin).',
    nameDescription: 'Id of the suspended store',
    examples,
    registry,
    scale: (storeId, scaling) => cluster.resume(storeId, scaling),
    describe: store => [
      `would scale StatefulSet mariadb, then Deployment wordpress, in namespace ${store.namespace} back to the replicas recorded when it was suspended`,
      `would wait until both are ready, then mark store ${store.id} ready`,
    ],
    step: { id: 'scale-up', title: 'Start the database and the storefront' },
    outcome: {
      status: 'ready',
      message: replicas =>
        `resumed: ${replicas.mariadb} MariaDB and ${replicas.wordpress} WordPress replica(s) ready`,
    },
  });
}
