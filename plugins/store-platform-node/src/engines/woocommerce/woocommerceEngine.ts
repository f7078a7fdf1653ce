import { KubeConfig, KubernetesObject, V1Job } from '@kubernetes/client-node';
import { ProvisioningConfig } from '../../config/provisioningConfig';
import {
  applyObject,
  createIfAbsent,
  createUnlessPresent,
} from '../../kube/apply';
import { isNotFound } from '../../kube/apiErrors';
import { kubeClients } from '../../kube/clients';
import { deleteJob } from '../../kube/deleteJob';
import { withRetry } from '../../kube/retry';
import { BuildContext } from '../../resources/context';
import {
  bootstrapJobName,
  OBJECT_NAMES,
  storeNamespace,
} from '../../resources/names';
import { StoreSecrets } from '../../resources/secrets';
import { buildStoreObjects } from '../../resources/storeObjects';
import { StoreSpec } from '../../spec/storeSpec';
import { ProvisioningStep, StepContext } from '../../steps/types';
import {
  waitForDeploymentReady,
  waitForJobCompletion,
  waitForStatefulSetReady,
} from '../../wait/waiters';
import { waitUntilGone } from '../../wait/waitUntilGone';
import { ProvisioningEngine } from '../types';
import { buildPlatformRoleBinding } from '../../resources/roleBinding';
import { waitForAccess } from '../../kube/waitForAccess';
import { applyStoreNamespace } from '../../cluster/namespaceOwnership';
import { applyStoreQuota } from '../../cluster/storeQuota';

function jobState(job: V1Job): 'complete' | 'failed' | 'running' {
  const c = job.status?.conditions ?? [];
  if (c.some(x => x.type === 'Complete' && x.status === 'True'))
    return 'complete';
  if (c.some(x => x.type === 'Failed' && x.status === 'True')) return 'failed';
  return 'running';
}

/**
 * The bootstrap step: a completed Job is left alone (its work is done), a
 * running one is awaited, a failed one (an earlier attempt) is replaced.
 */
async function runBootstrap(
  kc: KubeConfig,
  config: ProvisioningConfig,
  job: V1Job,
  ctx: StepContext,
) {
  const clients = kubeClients(kc);
  const namespace = job.metadata!.namespace!;
  const name = job.metadata!.name!;
  const existing = await withRetry(
    `read Job ${namespace}/${name}`,
    () =>
      clients.batch
        .readNamespacedJob({ name, namespace })
        .catch(e => (isNotFound(e) ? undefined : Promise.reject(e))),
    { signal: ctx.signal },
  );
  if (existing && jobState(existing) === 'failed') {
    ctx.report(`replacing the failed bootstrap Job ${name}`);
    await deleteJob(
      clients,
      { namespace, name },
      { propagationPolicy: 'Foreground', signal: ctx.signal },
    );
    await waitUntilGone(kc, 'Job', namespace, name, {
      signal: ctx.signal,
      timeoutMs: 120_000,
    });
  }
  if (!existing || jobState(existing) === 'failed') {
    await applyObject(clients, job, { signal: ctx.signal });
  }
  await waitForJobCompletion(kc, namespace, name, {
    signal: ctx.signal,
    timeoutMs: config.timeouts.bootstrapMs,
    onProgress: ctx.report,
  });
}

/**
 * Plans a WooCommerce store. The critical path is namespace, then
 * max(database ready, storefront ready), then bootstrap: WordPress starts
 * without waiting for MariaDB (the bootstrap Job waits for the database).
 *
 * @public
 */
export function planWooCommerce(
  spec: StoreSpec,
  deps: {
    /** How to reach the cluster, and as whom. */
    kubeConfig: KubeConfig;
    /** `storePlatform.provisioning`, defaults filled in. */
    config: ProvisioningConfig;
    secrets?: StoreSecrets;
  },
): ProvisioningStep[] {
  const { kubeConfig: kc, config } = deps;
  const clients = kubeClients(kc);
  const ctx: BuildContext = { spec, config };
  const objects = buildStoreObjects(
    ctx,
    deps.secrets ?? StoreSecrets.generate(),
  );
  const namespace = storeNamespace(spec.id);
  // Volumes are made once, never re-applied (they never shrink, and only a
  // resize grows them); the quota counts the volumes there are (see storeQuota).
  const applyOne = (o: KubernetesObject, signal: AbortSignal) => {
    if (o.kind === 'PersistentVolumeClaim')
      return createUnlessPresent(clients, o, { signal });
    if (o.kind === 'ResourceQuota')
      return applyStoreQuota(
        clients,
        { storeId: spec.id, size: spec.size, config },
        { signal },
      );
    return applyObject(clients, o, { signal });
  };
  const applyAll = (list: KubernetesObject[], signal: AbortSignal) =>
    Promise.all(list.map(o => applyOne(o, signal)));

  return [
    {
      id: 'namespace',
      title: `Create namespace ${namespace} with its quota, limits, network policies and credentials`,
      dependsOn: [],
      async run({ signal, report }) {
        await applyStoreNamespace(
          clients,
          objects.namespace,
          config.installation,
          { signal, registration: spec.registration },
        );
        // With the Helm chart's least-privilege RBAC, every right inside the namespace comes
        // from this RoleBinding: make it, and wait until the authorizer honours it.
        const roleBinding = buildPlatformRoleBinding(ctx);
        if (roleBinding) {
          await applyObject(clients, roleBinding, { signal });
          await waitForAccess(
            kc,
            { namespace, verb: 'create', resource: 'secrets' },
            { signal },
          );
          report(`bound ${roleBinding.roleRef.name} in ${namespace}`);
        }
        const [, secret] = await Promise.all([
          applyAll(objects.policies, signal),
          createIfAbsent(clients, objects.secret, { signal }),
        ]);
        report(
          secret === 'created'
            ? `generated ${OBJECT_NAMES.mariadbSecret}`
            : `kept the existing ${OBJECT_NAMES.mariadbSecret}`,
        );
      },
    },
    {
      id: 'database',
      title: 'Start MariaDB',
      dependsOn: ['namespace'],
      async run({ signal, report }) {
        await applyAll(objects.database, signal);
        await waitForStatefulSetReady(kc, namespace, OBJECT_NAMES.mariadb, {
          signal,
          timeoutMs: config.timeouts.databaseReadyMs,
          onProgress: report,
        });
      },
    },
    {
      id: 'storefront',
      title: 'Start WordPress',
      dependsOn: ['namespace'],
      async run({ signal, report }) {
        await applyAll(objects.storefront, signal);
        await waitForDeploymentReady(kc, namespace, OBJECT_NAMES.wordpress, {
          signal,
          timeoutMs: config.timeouts.storefrontReadyMs,
          onProgress: report,
        });
      },
    },
    {
      id: 'ingress',
      title: `Route ${spec.id}.${config.domain} to the storefront`,
      dependsOn: ['namespace'],
      async run({ signal }) {
        await applyObject(clients, objects.ingress, { signal });
      },
    },
    {
      id: 'bootstrap',
      title: `Install WooCommerce (Job ${bootstrapJobName(spec.id)})`,
      dependsOn: ['database', 'storefront'],
      run: stepCtx => runBootstrap(kc, config, objects.bootstrapJob, stepCtx),
    },
  ];
}

/**
 * The WooCommerce engine: WordPress, MariaDB and a bootstrap Job.
 *
 * @public
 */
export const woocommerceEngine: ProvisioningEngine = {
  name: 'woocommerce',
  plan: (spec, deps) => planWooCommerce(spec, deps),
};
