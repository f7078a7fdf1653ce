/**
 * The critical-path floor: the same objects, created in dependency order with
 * plain client calls and plain watches, no logic of ours (no retries, no
 * diagnostics, no step runner). What provisioning costs on this cluster anyway.
 */
import {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  Watch,
} from '@kubernetes/client-node';
import { StoreObjects } from '../src/resources/storeObjects';

/** Resolves once the named object of a collection satisfies `done`: a bare watch, nothing else. */
export function watchFor(
  kc: KubeConfig,
  path: string,
  name: string,
  done: (obj: any) => boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let controller: AbortController | undefined;
    new Watch(kc)
      .watch(
        path,
        { fieldSelector: `metadata.name=${name}` },
        (_type, obj) => {
          if (done(obj)) {
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

export async function provisionFloor(
  kc: KubeConfig,
  objects: StoreObjects,
): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const create = (o: KubernetesObject) => api.create(o);
  const ns = objects.namespace.metadata!.name!;
  await create(objects.namespace);
  await Promise.all([...objects.policies, objects.secret].map(create));
  const sts = watchFor(
    kc,
    `/apis/apps/v1/namespaces/${ns}/statefulsets`,
    'mariadb',
    o => (o.status?.readyReplicas ?? 0) >= 1,
  );
  const deploy = watchFor(
    kc,
    `/apis/apps/v1/namespaces/${ns}/deployments`,
    'wordpress',
    o => (o.status?.readyReplicas ?? 0) >= 1,
  );
  await Promise.all(
    [...objects.database, ...objects.storefront, objects.ingress].map(create),
  );
  await Promise.all([sts, deploy]);
  const job = watchFor(
    kc,
    `/apis/batch/v1/namespaces/${ns}/jobs`,
    objects.bootstrapJob.metadata!.name!,
    o =>
      (o.status?.conditions ?? []).some(
        (c: any) => c.type === 'Complete' && c.status === 'True',
      ),
  );
  await create(objects.bootstrapJob);
  await job;
}
