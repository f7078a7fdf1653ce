import { CoreV1Event, V1Pod } from '@kubernetes/client-node';

/** Why a pod cannot become ready. `fatal` problems will not fix themselves. */
export interface PodProblem {
  reason: string;
  detail: string;
  fatal: boolean;
}

/** Waiting reasons that mean the container will not start without a change. */
const FATAL_WAITING = new Set([
  'ImagePullBackOff',
  // imagePullPolicy Never and the image is not on the node: it will never be pulled.
  'ErrImageNeverPull',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** The first problem of `pod`, or undefined if nothing is wrong (yet). */
export function podProblem(pod: V1Pod): PodProblem | undefined {
  const name = pod.metadata?.name ?? 'pod';
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  for (const s of statuses) {
    const waiting = s.state?.waiting;
    if (
      waiting?.reason &&
      (FATAL_WAITING.has(waiting.reason) || waiting.reason === 'ErrImagePull')
    ) {
      return {
        reason: waiting.reason,
        detail: `pod ${name}, container ${s.name} (${s.image}): ${
          waiting.message ?? waiting.reason
        }`,
        fatal: FATAL_WAITING.has(waiting.reason),
      };
    }
  }
  const scheduled = pod.status?.conditions?.find(
    c => c.type === 'PodScheduled',
  );
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return {
      reason: 'Unschedulable',
      detail: `pod ${name}: ${scheduled.message ?? 'no node can run it'}`,
      fatal: false,
    };
  }
  return undefined;
}

/** A FailedCreate event of a controller, e.g. a pod refused by the ResourceQuota. */
export function failedCreateProblem(
  event: CoreV1Event,
): PodProblem | undefined {
  if (event.reason !== 'FailedCreate') return undefined;
  const message = event.message ?? '';
  const quota = /exceeded quota|must specify limits|must specify requests/.test(
    message,
  );
  return {
    reason: quota ? 'quota exceeded' : 'FailedCreate',
    detail: `${event.involvedObject?.kind} ${event.involvedObject?.name}: ${message}`,
    fatal: true,
  };
}

/** The time an event last happened (events are aggregated; several fields exist). */
export function eventTime(event: CoreV1Event): number {
  const t =
    event.series?.lastObservedTime ??
    event.lastTimestamp ??
    event.eventTime ??
    event.metadata?.creationTimestamp;
  return t ? new Date(t as any).getTime() : 0;
}
