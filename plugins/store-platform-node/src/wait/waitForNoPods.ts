import { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { kubeClients } from '../kube/clients';
import { waitFor, WaitOptions } from './waitFor';
import { watchUntil } from './watchUntil';

/**
 * Resolves once no pod matches `labelSelector` in `namespace` (watched, not
 * polled): a workload scaled to 0 has really stopped, not just been told to.
 * `what` names the pods in progress and errors, e.g. `pods of Deployment wordpress`.
 */
export async function waitForNoPods(
  kc: KubeConfig,
  namespace: string,
  labelSelector: string,
  what: string,
  options: WaitOptions,
): Promise<void> {
  const core = kubeClients(kc).core;
  const target = `${what} in ${namespace} to be gone`;
  await waitFor<true>(target, options, ctx => {
    const remaining = new Set<string>();
    let synced = false;
    const report = () => {
      ctx.progress(
        `waiting for ${what} to stop: ${remaining.size} pod(s) left`,
      );
      return synced && remaining.size === 0 ? true : undefined;
    };
    return [
      watchUntil<V1Pod, true>(
        kc,
        {
          description: `${what} in ${namespace}`,
          path: `/api/v1/namespaces/${namespace}/pods`,
          labelSelector,
          list: () => core.listNamespacedPod({ namespace, labelSelector }),
        },
        (type, pod) => {
          const name = pod.metadata?.name ?? '';
          if (type === 'DELETED') remaining.delete(name);
          else remaining.add(name);
          return report();
        },
        ctx.signal,
        items => {
          // A re-list replaces what we knew: pods deleted meanwhile sent no event.
          remaining.clear();
          for (const pod of items) remaining.add(pod.metadata?.name ?? '');
          synced = true;
          return report();
        },
      ),
    ];
  });
}
