import { StoreSize } from '@store-platform/plugin-store-platform-common';
import { V1ResourceRequirements } from '@kubernetes/client-node';

/**
 * Requests and limits of one container, in Kubernetes quantities (m, Mi).
 *
 * @public
 */
export interface ContainerResources {
  /** What the container is guaranteed. */
  requests: { cpu: string; memory: string };
  /** The most the container may use. */
  limits: { cpu: string; memory: string };
}

/**
 * What a size preset sets: every container's resources and the volumes.
 *
 * @public
 */
export interface SizePreset {
  /** MariaDB. */
  database: ContainerResources;
  /** WordPress. */
  storefront: ContainerResources;
  /** The bootstrap Job. */
  bootstrap: ContainerResources;
  /** The bootstrap Job's init container that waits for the database port. */
  waitForDatabase: ContainerResources;
  /** `backup`: the volume the store's backups are kept in (compressed, `backups.retention` of them). */
  storage: { database: string; storefront: string; backup: string };
}

function res(
  reqCpu: number,
  reqMem: number,
  limCpu: number,
  limMem: number,
): ContainerResources {
  return {
    requests: { cpu: `${reqCpu}m`, memory: `${reqMem}Mi` },
    limits: { cpu: `${limCpu}m`, memory: `${limMem}Mi` },
  };
}

/**
 * The quota and container resources of each store size.
 *
 * @public
 */
export const SIZE_PRESETS: Record<StoreSize, SizePreset> = {
  small: {
    database: res(250, 256, 500, 512),
    storefront: res(250, 256, 500, 512),
    bootstrap: res(100, 128, 250, 256),
    waitForDatabase: res(10, 16, 50, 32),
    storage: { database: '2Gi', storefront: '2Gi', backup: '4Gi' },
  },
  medium: {
    database: res(500, 512, 1000, 1024),
    storefront: res(500, 512, 1000, 1024),
    bootstrap: res(100, 128, 250, 256),
    waitForDatabase: res(10, 16, 50, 32),
    storage: { database: '10Gi', storefront: '5Gi', backup: '15Gi' },
  },
  large: {
    database: res(1000, 1024, 2000, 2048),
    storefront: res(1000, 1024, 2000, 2048),
    bootstrap: res(200, 256, 500, 512),
    waitForDatabase: res(10, 16, 50, 32),
    storage: { database: '50Gi', storefront: '20Gi', backup: '70Gi' },
  },
};

export function resources(r: ContainerResources): V1ResourceRequirements {
  return { requests: { ...r.requests }, limits: { ...r.limits } };
}

/** Millicores of `250m` / `1`; MiB of `256Mi` / `1Gi`. Only the units we write. */
export function parseQuantity(q: string): number {
  const m = /^(\d+)(m|Mi|Gi)?$/.exec(q);
  if (!m) throw new Error(`unsupported quantity ${q}`);
  const n = Number(m[1]);
  switch (m[2]) {
    case 'm':
      return n;
    case 'Gi':
      return n * 1024;
    case 'Mi':
      return n;
    default:
      return n * 1000; // whole cores -> millicores
  }
}

/**
 * The namespace's ResourceQuota, derived from the preset so that every pod
 * fits: MariaDB, two WordPress pods (a rollout's surge), and the bootstrap Job
 * pod (its effective request is the larger of its init and main container).
 * One Job pod at a time: the bootstrap, a backup or a restore (operations run
 * one at a time on a store), so they share that last share. Three volumes:
 * the database, the storefront and the backups.
 *
 * @public
 */
export function quotaFor(preset: SizePreset) {
  const bootstrapPod = (kind: 'requests' | 'limits', dim: 'cpu' | 'memory') =>
    Math.max(
      parseQuantity(preset.bootstrap[kind][dim]),
      parseQuantity(preset.waitForDatabase[kind][dim]),
    );
  const sum = (kind: 'requests' | 'limits', dim: 'cpu' | 'memory') =>
    parseQuantity(preset.database[kind][dim]) +
    2 * parseQuantity(preset.storefront[kind][dim]) +
    bootstrapPod(kind, dim);
  const storage =
    parseQuantity(preset.storage.database) +
    parseQuantity(preset.storage.storefront) +
    parseQuantity(preset.storage.backup);
  return {
    pods: '6',
    'requests.cpu': `${sum('requests', 'cpu')}m`,
    'requests.memory': `${sum('requests', 'memory')}Mi`,
    'limits.cpu': `${sum('limits', 'cpu')}m`,
    'limits.memory': `${sum('limits', 'memory')}Mi`,
    'requests.storage': `${storage}Mi`,
    persistentvolumeclaims: '3',
    'services.loadbalancers': '0',
    'services.nodeports': '0',
  };
}
