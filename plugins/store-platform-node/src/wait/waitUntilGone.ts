import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { kubeClients } from '../kube/clients';
import { waitFor } from './waitFor';
import { watchUntil } from './watchUntil';

const PATHS = {
  Namespace: () => '/api/v1/namespaces',
  Job: (namespace: string) => `/apis/batch/v1/namespaces/${namespace}/jobs`,
} as const;

/** Resolves once the object is gone (watched, not polled). */
export async function waitUntilGone(
  kc: KubeConfig,
  kind: keyof typeof PATHS,
  namespace: string | undefined,
  name: string,
  options: { signal?: AbortSignal; timeoutMs: number },
): Promise<void> {
  const clients = kubeClients(kc);
  const fieldSelector = `metadata.name=${name}`;
  const list = (): Promise<{
    items: KubernetesObject[];
    metadata?: { resourceVersion?: string };
  }> =>
    kind === 'Namespace'
      ? clients.core.listNamespace({ fieldSelector })
      : clients.batch.listNamespacedJob({
          namespace: namespace!,
          fieldSelector,
        });
  const target = `${kind} ${
    namespace ? `${namespace}/` : ''
  }${name} to be deleted`;
  await waitFor<true>(target, options, ctx => [
    watchUntil<KubernetesObject, true>(
      kc,
      {
        description: `${kind} ${name}`,
        path: PATHS[kind](namespace ?? ''),
        fieldSelector,
        list,
      },
      type => (type === 'DELETED' ? true : undefined),
      ctx.signal,
      items => (items.length === 0 ? true : undefined),
    ),
  ]);
}
