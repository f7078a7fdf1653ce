/**
 * The floors of the day-two operations: for each, the same Kubernetes calls
 * as ours, in the same order, with plain client calls and bare watches and
 * nothing else (no reads to plan or refuse, no retries, no diagnostics, no
 * records). What each operation costs on this cluster anyway.
 */
import {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  Watch,
} from '@kubernetes/client-node';
import { StoreSize } from '@store-platform/plugin-store-platform-common';
import { BuildContext } from '../src/resources/context';
import { buildMariadbStatefulSet } from '../src/resources/database';
import { buildWordpressDeployment } from '../src/resources/storefront';
import {
  buildLimitRange,
  buildResourceQuota,
} from '../src/resources/namespace';
import { buildBackupVolume } from '../src/resources/backupVolume';
import {
  backupJobName,
  buildBackupJob,
  buildRestoreJob,
} from '../src/resources/backupJobs';
import {
  buildDatabaseUpgradeJob,
  DATABASE_UPGRADE_JOB,
} from '../src/resources/databaseUpgradeJob';
import { storeNamespace } from '../src/resources/names';
import { watchFor } from './floor';

const FLOOR_MANAGER = 'bench-floor';

function objects(kc: KubeConfig) {
  return KubernetesObjectApi.makeApiClient(kc);
}

function mergePatch(kc: KubeConfig, obj: KubernetesObject) {
  return objects(kc).patch(
    obj,
    undefined,
    undefined,
    FLOOR_MANAGER,
    undefined,
    PatchStrategy.MergePatch,
  );
}

function apply(kc: KubeConfig, obj: KubernetesObject) {
  return objects(kc).patch(
    obj,
    undefined,
    undefined,
    FLOOR_MANAGER,
    true,
    PatchStrategy.ServerSideApply,
  );
}

function scale(
  kc: KubeConfig,
  kind: 'Deployment' | 'StatefulSet',
  namespace: string,
  name: string,
  replicas: number,
) {
  return mergePatch(kc, {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace },
    spec: { replicas },
  } as KubernetesObject);
}

/** Until the pods matching `selector` are gone: a list, then a bare watch of deletions. */
async function podsGone(kc: KubeConfig, namespace: string, selector: string) {
  const left = await objects(kc).list(
    'v1',
    'Pod',
    namespace,
    undefined,
    undefined,
    undefined,
    undefined,
    selector,
  );
  const names = new Set(left.items.map(p => p.metadata!.name!));
  if (names.size === 0) return;
  await new Promise<void>((resolve, reject) => {
    let controller: AbortController | undefined;
    new Watch(kc)
      .watch(
        `/api/v1/namespaces/${namespace}/pods`,
        {
          labelSelector: selector,
          resourceVersion: left.metadata?.resourceVersion,
        },
        (type, obj) => {
          if (type === 'DELETED') names.delete(obj.metadata.name);
          if (names.size === 0) {
            controller?.abort();
            resolve();
          }
        },
        err => (err && err.name !== 'AbortError' ? reject(err) : undefined),
      )
      .then(c => {
        controller = c;
      }, reject);
  });
}

const rolledOut = (o: any) =>
  (o.status?.observedGeneration ?? 0) >= (o.metadata?.generation ?? 0) &&
  (o.status?.readyReplicas ?? 0) >= (o.spec?.replicas ?? 1) &&
  (o.status?.updatedReplicas ?? 0) >= (o.spec?.replicas ?? 1);

const sts = (ns: string) => `/apis/apps/v1/namespaces/${ns}/statefulsets`;
const deploys = (ns: string) => `/apis/apps/v1/namespaces/${ns}/deployments`;
const jobs = (ns: string) => `/apis/batch/v1/namespaces/${ns}/jobs`;
const complete = (o: any) =>
  (o.status?.conditions ?? []).some(
    (c: any) => c.type === 'Complete' && c.status === 'True',
  );

const selector = (id: string, component: string) =>
  `app.kubernetes.io/instance=${id},app.kubernetes.io/component=${component}`;

export async function suspendFloor(kc: KubeConfig, id: string) {
  const ns = storeNamespace(id);
  await scale(kc, 'Deployment', ns, 'wordpress', 0);
  await podsGone(kc, ns, selector(id, 'storefront'));
  await scale(kc, 'StatefulSet', ns, 'mariadb', 0);
  await podsGone(kc, ns, selector(id, 'database'));
}

export async function resumeFloor(kc: KubeConfig, id: string) {
  const ns = storeNamespace(id);
  await scale(kc, 'StatefulSet', ns, 'mariadb', 1);
  await watchFor(kc, sts(ns), 'mariadb', rolledOut);
  await scale(kc, 'Deployment', ns, 'wordpress', 1);
  await watchFor(kc, deploys(ns), 'wordpress', rolledOut);
}

/** Both workloads applied as built for `ctx`, each rollout awaited. */
async function rollWorkloads(kc: KubeConfig, ctx: BuildContext) {
  const ns = storeNamespace(ctx.spec.id);
  await apply(kc, buildMariadbStatefulSet(ctx));
  await watchFor(kc, sts(ns), 'mariadb', rolledOut);
  await apply(kc, buildWordpressDeployment(ctx));
  await watchFor(kc, deploys(ns), 'wordpress', rolledOut);
}

export async function resizeFloor(kc: KubeConfig, ctx: BuildContext) {
  await apply(kc, buildResourceQuota(ctx));
  await apply(kc, buildLimitRange(ctx));
  await rollWorkloads(kc, ctx);
  await mergePatch(kc, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: storeNamespace(ctx.spec.id),
      annotations: { 'store-platform.io/size': ctx.spec.size },
    },
  });
}

/** `createVolume` on the store's first backup only: a bare script knows it made the volume. */
export async function backupFloor(
  kc: KubeConfig,
  ctx: BuildContext,
  backupId: string,
  createVolume: boolean,
) {
  const target = {
    storeId: ctx.spec.id,
    size: ctx.spec.size as StoreSize,
    config: ctx.config,
  };
  const ns = storeNamespace(ctx.spec.id);
  if (createVolume) await objects(kc).create(buildBackupVolume(target));
  const done = watchFor(kc, jobs(ns), backupJobName(backupId), complete);
  await objects(kc).create(buildBackupJob(target, backupId));
  await done;
}

export async function restoreFloor(
  kc: KubeConfig,
  ctx: BuildContext,
  backupId: string,
  name: string,
) {
  const target = {
    storeId: ctx.spec.id,
    size: ctx.spec.size as StoreSize,
    config: ctx.config,
  };
  const ns = storeNamespace(ctx.spec.id);
  const done = watchFor(kc, jobs(ns), name, complete);
  await objects(kc).create(
    buildRestoreJob(target, { name, backupId, source: { kind: 'volume' } }),
  );
  await done;
}

export async function upgradeFloor(
  kc: KubeConfig,
  ctx: BuildContext,
  backupId: string,
) {
  const ns = storeNamespace(ctx.spec.id);
  await backupFloor(kc, ctx, backupId, false);
  await rollWorkloads(kc, ctx);
  await objects(kc)
    .delete(
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: DATABASE_UPGRADE_JOB, namespace: ns },
      },
      undefined,
      undefined,
      undefined,
      undefined,
      'Foreground',
    )
    .catch(e => (e.code === 404 ? undefined : Promise.reject(e)));
  await waitGone(kc, jobs(ns), DATABASE_UPGRADE_JOB);
  const done = watchFor(kc, jobs(ns), DATABASE_UPGRADE_JOB, complete);
  await objects(kc).create(
    buildDatabaseUpgradeJob(ctx, ctx.config.timeouts.bootstrapMs),
  );
  await done;
}

export async function transferFloor(kc: KubeConfig, id: string, owner: string) {
  await mergePatch(kc, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: storeNamespace(id),
      annotations: { 'store-platform.io/owner': owner },
    },
  });
}

/** Until the named Job is gone: a read, then a bare watch from its version for the deletion. */
async function waitGone(kc: KubeConfig, path: string, name: string) {
  const namespace = path.split('/')[5];
  const job = await objects(kc)
    .read({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace },
    })
    .catch(e => (e.code === 404 ? undefined : Promise.reject(e)));
  if (!job) return;
  await new Promise<void>((resolve, reject) => {
    let controller: AbortController | undefined;
    new Watch(kc)
      .watch(
        path,
        {
          fieldSelector: `metadata.name=${name}`,
          // From the version read: a deletion after the read is never missed.
          resourceVersion: job.metadata?.resourceVersion,
        },
        type => {
          if (type === 'DELETED') {
            controller?.abort();
            resolve();
          }
        },
        err => (err && err.name !== 'AbortError' ? reject(err) : undefined),
      )
      .then(c => {
        controller = c;
      }, reject);
  });
}
