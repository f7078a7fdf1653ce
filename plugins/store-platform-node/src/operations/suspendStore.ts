import { KubeConfig } from '@kubernetes/client-node';
import { ProvisioningConfig } from '../config/provisioningConfig';
import { kubeClients } from '../kube/clients';
import { OBJECT_NAMES } from '../resources/names';
import { waitForNoPods } from '../wait/waitForNoPods';
import { podSelector, readLiveStore } from './liveStore';
import { recordedReplicas, ScalableKind, scaleWorkload } from './workloadScale';

/**
 * Options of the suspend and resume operations.
 *
 * @public
 */
export interface WorkloadOperationOptions {
  /** Aborts the work (e.g. the scaffolder task was cancelled). */
  signal?: AbortSignal;
  /** Each wait's limit; default: the provisioning config's ready timeouts. */
  timeoutMs?: number;
  /** Called with a line for the task log as the work goes on. */
  onProgress?: (message: string) => void;
}

/**
 * What a suspend stopped.
 *
 * @public
 */
export interface SuspendResult {
  /** The replicas resume gives back, by workload. */
  replicas: { wordpress: number; mariadb: number };
}

/**
 * Suspends a store: Deployment `wordpress`, then StatefulSet `mariadb`
 * (WordPress stops writing before its database goes), scaled to 0, each
 * recording the replicas resume restores; it returns once their pods are gone.
 *
 * The Ingress and Service stay as they are: a Service without endpoints is
 * what ingress-nginx (the controller this platform is configured for by
 * default), Contour/Envoy and HAProxy answer with 503 Service Unavailable,
 * with no extra pod, image or NetworkPolicy hole to maintain. (Traefik answers
 * 503 only with `allowEmptyServices`; otherwise 404.)
 *
 * Idempotent: a suspended store stays suspended with its recorded replicas,
 * and an interrupted suspend is completed.
 *
 * @public
 */
export async function suspendStore(
  kubeConfig: KubeConfig,
  config: ProvisioningConfig,
  storeId: string,
  options: WorkloadOperationOptions = {},
): Promise<SuspendResult> {
  const { signal, onProgress } = options;
  const store = await readLiveStore(kubeConfig, config, storeId, {
    signal,
    action: 'suspend',
  });
  const clients = kubeClients(kubeConfig);
  const workloads = [
    {
      kind: 'Deployment' as ScalableKind,
      name: OBJECT_NAMES.wordpress,
      object: store.deployment,
      component: 'storefront' as const,
      timeoutMs: options.timeoutMs ?? config.timeouts.storefrontReadyMs,
    },
    {
      kind: 'StatefulSet' as ScalableKind,
      name: OBJECT_NAMES.mariadb,
      object: store.statefulSet,
      component: 'database' as const,
      timeoutMs: options.timeoutMs ?? config.timeouts.databaseReadyMs,
    },
  ];
  const replicas = { wordpress: 1, mariadb: 1 };
  for (const w of workloads) {
    const current = w.object.spec?.replicas ?? 1;
    // Already at 0 from an earlier (maybe interrupted) suspend: keep what it recorded.
    const restoreTo =
      recordedReplicas(w.object.metadata?.annotations) ||
      (current > 0 ? current : 1);
    replicas[w.name] = restoreTo;
    if (current !== 0 || !recordedReplicas(w.object.metadata?.annotations)) {
      onProgress?.(
        `scaling ${w.kind} ${w.name} from ${current} to 0 (resume restores ${restoreTo})`,
      );
      await scaleWorkload(
        clients,
        { kind: w.kind, namespace: store.namespace, name: w.name },
        0,
        restoreTo,
        signal,
      );
    }
    await waitForNoPods(
      kubeConfig,
      store.namespace,
      podSelector(storeId, w.component),
      `pods of ${w.kind} ${w.name}`,
      { signal, timeoutMs: w.timeoutMs, onProgress },
    );
    onProgress?.(`${w.kind} ${w.name} has no pods left`);
  }
  return { replicas };
}
