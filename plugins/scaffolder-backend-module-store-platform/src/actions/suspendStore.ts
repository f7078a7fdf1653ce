import { StoreRegistry } from '../ports';
import { examples } from './suspendStore.examples';
import {
  createWorkloadOperationAction,
  WorkloadReplicas,
  WorkloadScalingOptions,
} from './workloadOperation';

/**
 * The cluster side of a suspend (the node library's suspendStore).
 *
 * @public
 */
export interface StoreSuspender {
  /** Scales the storefront and database to 0, recording their replicas; resolves once their pods are gone. */
  suspend(
    storeId: string,
    options: WorkloadScalingOptions,
  ): Promise<{ replicas: WorkloadReplicas }>;
}

/**
 * `store:suspend` pauses a `ready` store: WordPress and MariaDB scaled to 0
 * (their volumes and everything else stay), its address answering 503 while
 * it sleeps; `ready -> suspended`. A failure leaves it `failed` (it may be
 * half stopped): `store:retry` brings it back.
 *
 * @public
 */
export function createSuspendStoreAction(options: {
  registry: StoreRegistry;
  cluster: StoreSuspender;
}) {
  const { registry, cluster } = options;
  return createWorkloadOperationAction({
    operation: 'suspend',
    description:
      'Suspends a ready store: its storefront and database scaled to 0 (data kept), its address answering 503 until it is resumed. Needs store.update (its owners or a platform admin).',
    nameDescription: 'Id of the store to suspend',
    examples,
    registry,
    scale: (storeId, scaling) => cluster.suspend(storeId, scaling),
    describe: store => [
      `would scale Deployment wordpress and StatefulSet mariadb in namespace ${store.namespace} to 0, recording their replicas for resume`,
      `would wait until their pods are gone; volumes, Secret and Ingress stay (the address answers 503)`,
      `would mark store ${store.id} suspended`,
    ],
    step: { id: 'scale-down', title: 'Stop the storefront and the database' },
    outcome: {
      status: 'suspended',
      message: replicas =>
        `suspended: storefront and database stopped (resume restores ${replicas.wordpress} WordPress and ${replicas.mariadb} MariaDB replica(s))`,
    },
  });
}
