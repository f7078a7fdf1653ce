import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
} from '@kubernetes/client-node';

/**
 * API clients made once per KubeConfig (the object API caches discovery).
 *
 * @public
 */
export interface KubeClients {
  /** How to reach the cluster, and as whom. */
  kubeConfig: KubeConfig;
  /** Any object, for server-side apply. */
  objects: KubernetesObjectApi;
  /** Namespaces, Secrets, Services, PVCs, events. */
  core: CoreV1Api;
  /** Deployments and StatefulSets. */
  apps: AppsV1Api;
  /** Jobs. */
  batch: BatchV1Api;
}

const cache = new WeakMap<KubeConfig, KubeClients>();

/**
 * The API clients a store needs, over one kubeconfig.
 *
 * @public
 */
export function kubeClients(kubeConfig: KubeConfig): KubeClients {
  let clients = cache.get(kubeConfig);
  if (!clients) {
    clients = {
      kubeConfig,
      objects: KubernetesObjectApi.makeApiClient(kubeConfig),
      core: kubeConfig.makeApiClient(CoreV1Api),
      apps: kubeConfig.makeApiClient(AppsV1Api),
      batch: kubeConfig.makeApiClient(BatchV1Api),
    };
    cache.set(kubeConfig, clients);
  }
  return clients;
}
