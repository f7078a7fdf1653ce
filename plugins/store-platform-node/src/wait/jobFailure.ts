import { KubeConfig, V1Job, V1Pod } from '@kubernetes/client-node';
import { WaitFailedError } from '../errors';
import { kubeClients } from '../kube/clients';

const LOG_LINES = 20;

/** The exit of a failed pod's containers, in words. */
export function describePodExit(pod: V1Pod): string | undefined {
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  for (const s of statuses) {
    const t = s.state?.terminated;
    if (t && t.exitCode !== 0) {
      return `pod ${pod.metadata?.name}, container ${s.name} exited with code ${
        t.exitCode
      }${t.reason ? ` (${t.reason})` : ''}${
        t.message ? `: ${t.message.trim()}` : ''
      }`;
    }
  }
  return pod.status?.reason
    ? `pod ${pod.metadata?.name}: ${pod.status.reason} ${
        pod.status.message ?? ''
      }`.trim()
    : undefined;
}

/** The failed container of a pod: the first init or main container that exited non-zero. */
function failedContainer(pod: V1Pod): string | undefined {
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  return statuses.find(s => (s.state?.terminated?.exitCode ?? 0) !== 0)?.name;
}

/** Builds the error for a failed Job: its condition, its last failed pod and that pod's log tail. */
export async function describeJobFailure(
  kc: KubeConfig,
  job: V1Job,
): Promise<WaitFailedError> {
  const namespace = job.metadata!.namespace!;
  const name = job.metadata!.name!;
  const condition = job.status?.conditions?.find(
    c => c.type === 'Failed' && c.status === 'True',
  );
  const parts = [
    `${condition?.reason ?? 'Failed'}: ${
      condition?.message ?? 'the Job failed'
    }`,
  ];
  let logTail: string | undefined;
  const core = kubeClients(kc).core;
  try {
    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: `batch.kubernetes.io/job-name=${name}`,
    });
    const failed = pods.items
      .filter(p => p.status?.phase === 'Failed')
      .sort((a, b) =>
        String(b.metadata?.creationTimestamp ?? '').localeCompare(
          String(a.metadata?.creationTimestamp ?? ''),
        ),
      );
    const pod = failed[0];
    if (pod) {
      const exit = describePodExit(pod);
      if (exit) parts.push(exit);
      try {
        const log = await core.readNamespacedPodLog({
          name: pod.metadata!.name!,
          namespace,
          container: failedContainer(pod),
          tailLines: LOG_LINES,
        });
        logTail = String(log).trimEnd() || undefined;
      } catch {
        parts.push('its log could not be read');
      }
    }
  } catch {
    parts.push('its pods could not be listed');
  }
  return new WaitFailedError(
    `Job ${namespace}/${name}`,
    'Job failed',
    parts.join('; '),
    logTail,
  );
}
