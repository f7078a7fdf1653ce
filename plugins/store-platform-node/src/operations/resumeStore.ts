import { KubeConfig } from '@kubernetes/client-node';
import { ProvisioningConfig } from '../config/provisioningConfig';
import { kubeClients } from '../kube/clients';
import { OBJECT_NAMES } from '../resources/names';
import {
  waitForDeploymentReady,
  waitForStatefulSetReady,
} from '../wait/waiters';
import { readLiveStore } from './liveStore';
import { WorkloadOperationOptions } from './suspendStore';
import { recordedReplicas, scaleWorkload } from './workloadScale';

/**
 * What a resume brought back.
 *
 * @public
 */
export interface ResumeResult {
  /** The replicas of each workload after it. */
  replicas: { wordpress: number; mariadb: number };
}

/**
 * Resumes a suspended store: StatefulSet `mariadb` first, then Deployment
 * `wordpress` (which needs its database), each back to the replicas suspend
 * recorded (1 when none was recorded), and waits until both are ready. The
 * record is cleared in the same write, so a resume run again only waits.
 *
 * @public
 */
export async function resumeStore(
  kubeConfig: KubeConfig,
  config: ProvisioningConfig,
  storeId: string,
  options: WorkloadOperationOptions = {},
): Promise<ResumeResult> {
  const { signal, onProgress } = options;
  const store = await readLiveStore(kubeConfig, config, storeId, {
    signal,
    action: 'resume',
  });
  const clients = kubeClients(kubeConfig);
  const namespace = store.namespace;

  const restore = async (
    kind: 'Deployment' | 'StatefulSet',
    name: string,
    object: typeof store.deployment | typeof store.statefulSet,
  ): Promise<number> => {
    const recorded = recordedReplicas(object.metadata?.annotations);
    const current = object.spec?.replicas ?? 1;
    if (recorded === undefined && current > 0) return current;
    const replicas = recorded ?? 1;
    onProgress?.(`scaling ${kind} ${name} from ${current} to ${replicas}`);
    await scaleWorkload(
      clients,
      { kind, namespace, name },
      replicas,
      null,
      signal,
    );
    return replicas;
  };

  const mariadb = await restore(
    'StatefulSet',
    OBJECT_NAMES.mariadb,
    store.statefulSet,
  );
  await waitForStatefulSetReady(kubeConfig, namespace, OBJECT_NAMES.mariadb, {
    signal,
    onProgress,
    timeoutMs: options.timeoutMs ?? config.timeouts.databaseReadyMs,
  });
  const wordpress = await restore(
    'Deployment',
    OBJECT_NAMES.wordpress,
    store.deployment,
  );
  await waitForDeploymentReady(kubeConfig, namespace, OBJECT_NAMES.wordpress, {
    signal,
    onProgress,
    timeoutMs: options.timeoutMs ?? config.timeouts.storefrontReadyMs,
  });
  return { replicas: { wordpress, mariadb } };
}
