import { V1Pod } from '@kubernetes/client-node';
import { podProblem } from '../wait/podProblems';

/** A store workload as the drift check sees it: how many replicas it wants and has ready. */
export interface WorkloadReadiness {
  /** e.g. `Deployment wordpress`. */
  workload: string;
  desired: number;
  ready: number;
  pods: V1Pod[];
}

function isReady(pod: V1Pod): boolean {
  return (
    pod.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ) ?? false
  );
}

/** What the kubelet says of one pod that is not ready: a stuck container, a restart, or nothing yet. */
function describePod(pod: V1Pod): string {
  const name = pod.metadata?.name ?? 'pod';
  const problem = podProblem(pod);
  if (problem) return `${problem.reason}: ${problem.detail}`;
  for (const s of pod.status?.containerStatuses ?? []) {
    if (s.ready) continue;
    const last = s.lastState?.terminated;
    if (s.restartCount > 0 && last) {
      const reason = last.reason ? ` (${last.reason})` : '';
      return `pod ${name}, container ${s.name}: restarted ${s.restartCount} time(s), last exit code ${last.exitCode}${reason}`;
    }
    const waiting = s.state?.waiting?.reason;
    if (waiting) return `pod ${name}, container ${s.name}: ${waiting}`;
    return `pod ${name}, container ${s.name}: not ready`;
  }
  return `pod ${name}: ${pod.status?.phase ?? 'not ready'}`;
}

/**
 * Why a workload of a `ready` store is not ready now, in the kubelet's words, or undefined
 * when every replica it wants is ready.
 */
export function describeUnreadyWorkload(
  seen: WorkloadReadiness,
): string | undefined {
  if (seen.ready >= seen.desired) return undefined;
  const unreadyPods = seen.pods.filter(p => !isReady(p));
  const why =
    unreadyPods.length > 0 ? unreadyPods.map(describePod).join('; ') : 'no pod';
  return `${seen.workload} has ${seen.ready}/${seen.desired} ready: ${why}`;
}
