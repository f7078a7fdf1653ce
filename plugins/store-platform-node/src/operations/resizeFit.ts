import { V1Container, V1Pod } from '@kubernetes/client-node';
import { COMPONENT_LABEL } from '../resources/labels';
import { ContainerResources, SizePreset } from '../resources/sizes';
import { formatQuantity, quantityValue } from './quantity';

/** The quota keys a pod uses up. */
const POD_RESOURCES = [
  'pods',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
] as const;
type PodResource = (typeof POD_RESOURCES)[number];

/** One quota key the pods would overrun. */
export interface QuotaOverrun {
  resource: PodResource;
  /** What the pods would use, and what the quota allows, in readable units. */
  needed: string;
  allowed: string;
}

/** The preset resources of the store's own workloads, by component. */
const RESIZED: Record<string, (p: SizePreset) => ContainerResources> = {
  storefront: p => p.storefront,
  database: p => p.database,
};

function isRunning(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

function amount(
  c: V1Container,
  kind: 'requests' | 'limits',
  dim: 'cpu' | 'memory',
): number {
  // A limit without a request makes the request equal to it (as the API server defaults it).
  const value =
    c.resources?.[kind]?.[dim] ??
    (kind === 'requests' ? c.resources?.limits?.[dim] : undefined);
  return value === undefined ? 0 : quantityValue(String(value));
}

/** What one pod counts against a quota: its containers' sum, or its largest init container. */
function podUsage(
  pod: V1Pod,
  resized: ContainerResources | undefined,
): Record<PodResource, number> {
  const containers = (pod.spec?.containers ?? []).map(c =>
    resized ? { ...c, resources: resized } : c,
  );
  const inits = pod.spec?.initContainers ?? [];
  const usage = { pods: 1 } as Record<PodResource, number>;
  for (const kind of ['requests', 'limits'] as const) {
    for (const dim of ['cpu', 'memory'] as const) {
      const sum = containers.reduce((t, c) => t + amount(c, kind, dim), 0);
      const init = Math.max(0, ...inits.map(c => amount(c, kind, dim)));
      usage[`${kind}.${dim}`] = Math.max(sum, init);
    }
  }
  return usage;
}

/**
 * Whether the pods of a store's namespace, once resized, fit `quota` (the
 * `hard` of the new size's ResourceQuota). The store's WordPress and MariaDB
 * pods are counted at the new size's resources, every other running pod (a
 * backup Job, something added by hand) as it is: the quota does not evict
 * them, so a size they would not fit in cannot be honoured. Returns every key
 * overrun; empty when everything fits.
 */
export function quotaOverruns(
  pods: V1Pod[],
  storeId: string,
  preset: SizePreset,
  quota: Record<string, string>,
): QuotaOverrun[] {
  const total = Object.fromEntries(POD_RESOURCES.map(r => [r, 0])) as Record<
    PodResource,
    number
  >;
  for (const pod of pods.filter(isRunning)) {
    const labels = pod.metadata?.labels ?? {};
    const ours = labels['app.kubernetes.io/instance'] === storeId;
    const resized = ours
      ? RESIZED[labels[COMPONENT_LABEL]]?.(preset)
      : undefined;
    const usage = podUsage(pod, resized);
    for (const r of POD_RESOURCES) total[r] += usage[r];
  }
  const overruns: QuotaOverrun[] = [];
  for (const r of POD_RESOURCES) {
    if (quota[r] === undefined) continue;
    const allowed = quantityValue(quota[r]);
    // A thousandth of a core or a byte of rounding is not an overrun.
    if (total[r] > allowed * (1 + 1e-9)) {
      overruns.push({
        resource: r,
        needed: formatQuantity(r, total[r]),
        allowed: formatQuantity(r, allowed),
      });
    }
  }
  return overruns;
}
