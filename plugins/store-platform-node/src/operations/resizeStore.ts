import { ConflictError } from '@backstage/errors';
import { KubeConfig, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import {
  STORE_SIZES,
  StoreSize,
} from '@store-platform/plugin-store-platform-common';
import { ProvisioningConfig } from '../config/provisioningConfig';
import { applyObject, mergePatchObject } from '../kube/apply';
import { KubeClients, kubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import { buildMariadbStatefulSet } from '../resources/database';
import { waitForQuotaEnforced } from '../cluster/quotaEnforced';
import { storeQuota } from '../cluster/storeQuota';
import { buildLimitRange } from '../resources/namespace';
import { OBJECT_NAMES } from '../resources/names';
import { quotaFor, SIZE_PRESETS } from '../resources/sizes';
import { buildWordpressDeployment } from '../resources/storefront';
import {
  waitForDeploymentReady,
  waitForStatefulSetReady,
} from '../wait/waiters';
import {
  LiveStore,
  liveBuildContext,
  readLiveStore,
  SIZE_ANNOTATION,
} from './liveStore';
import { quotaOverruns } from './resizeFit';
import { expandVolumes, planVolumes, VolumePlan } from './resizeVolumes';
import { WorkloadOperationOptions } from './suspendStore';

/**
 * What a resize changed.
 *
 * @public
 */
export interface ResizeResult {
  /** The size before. */
  from: StoreSize;
  /** The size after. */
  to: StoreSize;
  /** The volumes grown (never shrunk). */
  volumes: VolumePlan[];
}

/** The plan of a resize, made before anything changes. */
interface ResizePlan {
  store: LiveStore;
  /** The claims in its namespace before the resize: what the quota makes room for. */
  claims: V1PersistentVolumeClaim[];
  volumes: VolumePlan[];
}

async function planResize(
  kubeConfig: KubeConfig,
  clients: KubeClients,
  config: ProvisioningConfig,
  storeId: string,
  size: StoreSize,
  signal?: AbortSignal,
): Promise<ResizePlan> {
  const store = await readLiveStore(kubeConfig, config, storeId, {
    signal,
    action: 'resize',
  });
  const namespace = store.namespace;
  const [pods, claims] = await Promise.all([
    withRetry(
      `list pods in ${namespace}`,
      () => clients.core.listNamespacedPod({ namespace }),
      { signal },
    ),
    withRetry(
      `list PersistentVolumeClaims in ${namespace}`,
      () => clients.core.listNamespacedPersistentVolumeClaim({ namespace }),
      { signal },
    ),
  ]);
  const preset = SIZE_PRESETS[size];
  const overruns = quotaOverruns(pods.items, storeId, preset, quotaFor(preset));
  if (overruns.length > 0) {
    throw new ConflictError(
      `store ${storeId} cannot be resized to ${size}: the pods running in ${namespace} would not fit its quota (${overruns
        .map(o => `${o.resource}: ${o.needed} needed, ${o.allowed} allowed`)
        .join(
          '; ',
        )}); stop the pods that are not the store's own. Nothing was changed`,
    );
  }
  return {
    store,
    claims: claims.items,
    volumes: await planVolumes(clients, claims.items, preset, signal),
  };
}

/** ResourceQuota (with room for the volumes there are) and LimitRange of the new size. */
async function applyPolicies(
  clients: KubeClients,
  plan: ResizePlan,
  config: ProvisioningConfig,
  size: StoreSize,
  signal?: AbortSignal,
) {
  const ctx = liveBuildContext(plan.store, config, { size });
  await applyObject(
    clients,
    storeQuota({ storeId: plan.store.storeId, size, config }, plan.claims),
    { signal },
  );
  await applyObject(clients, buildLimitRange(ctx), { signal });
  // Growing volumes and pods are admitted against the quota the controller has applied.
  await waitForQuotaEnforced(
    clients,
    plan.store.namespace,
    OBJECT_NAMES.quota,
    {
      signal,
    },
  );
}

/**
 * Resizes a store: its ResourceQuota, LimitRange and the resources of
 * MariaDB and WordPress become those of `size`, and the rollout is awaited.
 *
 * Refused (ConflictError naming each quota key) before anything changes
 * when the pods in the namespace would not fit the new quota. Growing, the
 * quota and limits change first so the larger pods are admitted; shrinking,
 * they change last, so the smaller pods never meet a quota still full of the
 * larger ones. Volumes grow when their StorageClass allows it and never
 * shrink: a smaller size keeps them as they are, and its quota keeps room
 * for them (see storeQuota). The progress and the result say which volumes
 * were kept, and why. The images stay those the store runs: a resize is not
 * an upgrade.
 *
 * @public
 */
export async function resizeStore(
  kubeConfig: KubeConfig,
  config: ProvisioningConfig,
  storeId: string,
  size: StoreSize,
  options: WorkloadOperationOptions = {},
): Promise<ResizeResult> {
  const { signal, onProgress } = options;
  const clients = kubeClients(kubeConfig);
  const plan = await planResize(
    kubeConfig,
    clients,
    config,
    storeId,
    size,
    signal,
  );
  const { store } = plan;
  const namespace = store.namespace;
  const growing = STORE_SIZES.indexOf(size) >= STORE_SIZES.indexOf(store.size);
  onProgress?.(`resizing store ${storeId} from ${store.size} to ${size}`);

  if (growing) {
    onProgress?.('applying the quota and limits of the new size');
    await applyPolicies(clients, plan, config, size, signal);
    await expandVolumes(clients, namespace, plan.volumes, signal);
  }
  const ctx = liveBuildContext(store, config, { size });
  await applyObject(clients, buildMariadbStatefulSet(ctx), { signal });
  await applyObject(clients, buildWordpressDeployment(ctx), { signal });
  await waitForStatefulSetReady(kubeConfig, namespace, OBJECT_NAMES.mariadb, {
    signal,
    onProgress,
    timeoutMs: options.timeoutMs ?? config.timeouts.databaseReadyMs,
  });
  await waitForDeploymentReady(kubeConfig, namespace, OBJECT_NAMES.wordpress, {
    signal,
    onProgress,
    timeoutMs: options.timeoutMs ?? config.timeouts.storefrontReadyMs,
  });
  if (!growing) {
    onProgress?.(
      'applying the quota and limits of the new size; the volumes stay as they are (they never shrink), and the quota keeps room for them',
    );
    await applyPolicies(clients, plan, config, size, signal);
  }
  for (const v of plan.volumes) {
    let what = `volume ${v.claim} stays ${v.from}`;
    if (v.kept) what += `: ${v.kept}`;
    else if (v.to !== v.from)
      what = `volume ${v.claim} asked to grow from ${v.from} to ${v.to}`;
    onProgress?.(what);
  }
  // The namespace records the size last: an interrupted resize is re-run from the old one.
  await mergePatchObject(
    clients,
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, annotations: { [SIZE_ANNOTATION]: size } },
    },
    { action: `record size ${size} on Namespace ${namespace}`, signal },
  );
  return { from: store.size, to: size, volumes: plan.volumes };
}
