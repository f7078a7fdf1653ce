import {
  CoreV1Event,
  KubeConfig,
  V1Deployment,
  V1Job,
  V1LabelSelector,
  V1Pod,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { ProvisioningAbortedError, WaitFailedError } from '../errors';
import { kubeClients } from '../kube/clients';
import { sleep } from '../kube/retry';
import { describeJobFailure } from './jobFailure';
import { eventTime, failedCreateProblem, podProblem } from './podProblems';
import { WaitContext, waitFor, WaitOptions } from './waitFor';
import { watchUntil } from './watchUntil';

export type { WaitOptions } from './waitFor';

function toSelector(selector: V1LabelSelector | undefined): string {
  return Object.entries(selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Diagnostics never decide a wait by failing themselves: a broken diagnostic watch is dropped. */
function diagnostic(
  promise: Promise<unknown>,
  ctx: WaitContext,
): Promise<never> {
  return promise.then(
    () => new Promise<never>(() => {}),
    error => {
      if (error instanceof WaitFailedError) throw error;
      if (!(error instanceof ProvisioningAbortedError))
        ctx.progress(`(diagnostics unavailable: ${error.message})`);
      return new Promise<never>(() => {});
    },
  );
}

/**
 * Diagnostics start only when the wait has lasted `diagnosticsDelayMs`: a
 * workload that becomes ready quickly costs no extra API requests.
 */
async function afterDelay<T>(
  ctx: WaitContext,
  start: () => Promise<T>,
): Promise<T> {
  await sleep(ctx.diagnosticsDelayMs, ctx.signal, 'diagnostics');
  return start();
}

/** Follows the pods of a workload once its selector is known, reporting their problems. */
function podWatcher(kc: KubeConfig, namespace: string, ctx: WaitContext) {
  let started: string | undefined;
  return (labelSelector: string) => {
    if (started !== undefined || !labelSelector) return;
    started = labelSelector;
    const core = kubeClients(kc).core;
    void diagnostic(
      afterDelay(ctx, () =>
        watchUntil<V1Pod, never>(
          kc,
          {
            description: `pods ${labelSelector} in ${namespace}`,
            path: `/api/v1/namespaces/${namespace}/pods`,
            labelSelector,
            list: () => core.listNamespacedPod({ namespace, labelSelector }),
          },
          (type, pod) => {
            ctx.problem(
              `pod/${pod.metadata?.name}`,
              type === 'DELETED' ? undefined : podProblem(pod),
            );
            return undefined;
          },
          ctx.signal,
        ),
      ),
      ctx,
    ).catch(() => {});
  };
}

/** Reports FailedCreate events (e.g. quota exceeded) of a controller from now on. */
function failedCreateWatcher(
  kc: KubeConfig,
  namespace: string,
  kind: string,
  name: string,
  ctx: WaitContext,
) {
  const core = kubeClients(kc).core;
  const fieldSelector = `involvedObject.kind=${kind},involvedObject.name=${name},reason=FailedCreate`;
  // Events of an earlier attempt are history, not news.
  const since = Date.now() - 2_000;
  return diagnostic(
    afterDelay(ctx, () =>
      watchUntil<CoreV1Event, never>(
        kc,
        {
          description: `events of ${kind} ${namespace}/${name}`,
          path: `/api/v1/namespaces/${namespace}/events`,
          fieldSelector,
          list: () => core.listNamespacedEvent({ namespace, fieldSelector }),
        },
        (type, event) => {
          if (type !== 'DELETED' && eventTime(event) >= since)
            ctx.problem(`events/${kind}`, failedCreateProblem(event));
          return undefined;
        },
        ctx.signal,
      ),
    ),
    ctx,
  );
}

function gone(target: string): never {
  throw new WaitFailedError(
    target,
    'deleted',
    'it was deleted while we waited',
  );
}

/**
 * Resolves when StatefulSet `name` has all its replicas ready at its current revision.
 *
 * @public
 */
export async function waitForStatefulSetReady(
  kc: KubeConfig,
  namespace: string,
  name: string,
  options: WaitOptions,
): Promise<V1StatefulSet> {
  const apps = kubeClients(kc).apps;
  const fieldSelector = `metadata.name=${name}`;
  const target = `StatefulSet ${namespace}/${name}`;
  return waitFor(target, options, ctx => {
    const followPods = podWatcher(kc, namespace, ctx);
    return [
      watchUntil<V1StatefulSet, V1StatefulSet>(
        kc,
        {
          description: target,
          path: `/apis/apps/v1/namespaces/${namespace}/statefulsets`,
          fieldSelector,
          list: () =>
            apps.listNamespacedStatefulSet({ namespace, fieldSelector }),
        },
        (type, sts) => {
          if (type === 'DELETED') gone(target);
          followPods(toSelector(sts.spec?.selector));
          const want = sts.spec?.replicas ?? 1;
          const ready = sts.status?.readyReplicas ?? 0;
          ctx.progress(
            `waiting for StatefulSet ${name}: ${ready}/${want} ready`,
          );
          const current =
            (sts.status?.observedGeneration ?? 0) >=
              (sts.metadata?.generation ?? 1) &&
            (!sts.status?.updateRevision ||
              sts.status.updateRevision === sts.status.currentRevision);
          return current && ready >= want ? sts : undefined;
        },
        ctx.signal,
      ),
      failedCreateWatcher(kc, namespace, 'StatefulSet', name, ctx),
    ];
  });
}

/**
 * Resolves when Deployment `name` has rolled out and all its replicas are ready.
 *
 * @public
 */
export async function waitForDeploymentReady(
  kc: KubeConfig,
  namespace: string,
  name: string,
  options: WaitOptions,
): Promise<V1Deployment> {
  const apps = kubeClients(kc).apps;
  const fieldSelector = `metadata.name=${name}`;
  const target = `Deployment ${namespace}/${name}`;
  return waitFor(target, options, ctx => {
    const followPods = podWatcher(kc, namespace, ctx);
    return [
      watchUntil<V1Deployment, V1Deployment>(
        kc,
        {
          description: target,
          path: `/apis/apps/v1/namespaces/${namespace}/deployments`,
          fieldSelector,
          list: () =>
            apps.listNamespacedDeployment({ namespace, fieldSelector }),
        },
        (type, d) => {
          if (type === 'DELETED') gone(target);
          followPods(toSelector(d.spec?.selector));
          const conditions = d.status?.conditions ?? [];
          const replicaFailure = conditions.find(
            c => c.type === 'ReplicaFailure' && c.status === 'True',
          );
          if (replicaFailure) {
            const quota = /exceeded quota/.test(replicaFailure.message ?? '');
            ctx.problem('deployment', {
              reason: quota
                ? 'quota exceeded'
                : replicaFailure.reason ?? 'FailedCreate',
              detail: `Deployment ${name}: ${replicaFailure.message}`,
              fatal: true,
            });
          }
          const progressing = conditions.find(c => c.type === 'Progressing');
          if (
            progressing?.status === 'False' &&
            progressing.reason === 'ProgressDeadlineExceeded'
          ) {
            ctx.problem('deployment', {
              reason: 'ProgressDeadlineExceeded',
              detail: `Deployment ${name}: ${progressing.message}`,
              fatal: true,
            });
          }
          const want = d.spec?.replicas ?? 1;
          const ready = d.status?.readyReplicas ?? 0;
          const updated = d.status?.updatedReplicas ?? 0;
          ctx.progress(
            `waiting for Deployment ${name}: ${ready}/${want} ready`,
          );
          const current =
            (d.status?.observedGeneration ?? 0) >=
            (d.metadata?.generation ?? 1);
          return current &&
            updated >= want &&
            ready >= want &&
            (d.status?.replicas ?? 0) <= want
            ? d
            : undefined;
        },
        ctx.signal,
      ),
    ];
  });
}

/**
 * Resolves when Job `name` completes. If it fails, rejects with a
 * WaitFailedError giving the Job's reason, its pod's exit status and, when
 * they can be read, the pod's last log lines.
 *
 * @public
 */
export async function waitForJobCompletion(
  kc: KubeConfig,
  namespace: string,
  name: string,
  options: WaitOptions,
): Promise<V1Job> {
  const batch = kubeClients(kc).batch;
  const fieldSelector = `metadata.name=${name}`;
  const target = `Job ${namespace}/${name}`;
  return waitFor(target, options, ctx => {
    const followPods = podWatcher(kc, namespace, ctx);
    followPods(`batch.kubernetes.io/job-name=${name}`);
    let failedJob: V1Job | undefined;
    const jobWatch = watchUntil<V1Job, V1Job>(
      kc,
      {
        description: target,
        path: `/apis/batch/v1/namespaces/${namespace}/jobs`,
        fieldSelector,
        list: () => batch.listNamespacedJob({ namespace, fieldSelector }),
      },
      (type, job) => {
        if (type === 'DELETED') gone(target);
        const conditions = job.status?.conditions ?? [];
        if (conditions.some(c => c.type === 'Complete' && c.status === 'True'))
          return job;
        if (conditions.some(c => c.type === 'Failed' && c.status === 'True')) {
          failedJob = job;
          return job;
        }
        ctx.progress(
          `waiting for Job ${name}: ${job.status?.active ?? 0} running, ${
            job.status?.failed ?? 0
          } failed attempt(s)`,
        );
        return undefined;
      },
      ctx.signal,
    ).then(async job => {
      if (failedJob) throw await describeJobFailure(kc, failedJob);
      return job;
    });
    return [jobWatch, failedCreateWatcher(kc, namespace, 'Job', name, ctx)];
  });
}
