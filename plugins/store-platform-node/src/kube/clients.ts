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
  objects: KubernetesObjectApi;
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
}

const cache = new WeakMap<KubeConfig, KubeClients>();

/** @public */
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
