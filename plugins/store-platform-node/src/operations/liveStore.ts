import { InputError, NotFoundError } from '@backstage/errors';
import {
  KubeConfig,
  V1Deployment,
  V1StatefulSet,
} from '@kubernetes/client-node';
import {
  STORE_ENGINES,
  STORE_SIZES,
  StoreEngine,
  StoreSize,
  storeIdProblem,
} from '@store-platform/plugin-store-platform-common';
import { ProvisioningConfig, StoreImages } from '../config/provisioningConfig';
import { foreignNamespaceError, ownerOf } from '../cluster/namespaceOwnership';
import { isNotFound } from '../kube/apiErrors';
import { KubeClients, kubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import { BuildContext } from '../resources/context';
import { componentSelector, StoreComponent } from '../resources/labels';
import { ADMIN_EMAIL_ANNOTATION } from '../resources/namespace';
import { OBJECT_NAMES, storeNamespace } from '../resources/names';

/**
 * The images a store runs now, by role (the shape the status API records).
 *
 * @public
 */
export interface RunningImages {
  /** The image the storefront runs. */
  wordpress: string;
  /** The image the database runs. */
  mariadb: string;
  /** The wp-cli image of its Jobs (bootstrap, database upgrade). */
  bootstrap: string;
}

/** A store as it runs now: read from its namespace and workloads. */
export interface LiveStore {
  /** The store's id. */
  storeId: string;
  namespace: string;
  /** The store's size preset. */
  size: StoreSize;
  engine: StoreEngine;
  title: string;
  owner?: string;
  /** The administrator email it was created with, when the namespace records it. */
  adminEmail?: string;
  deployment: V1Deployment;
  statefulSet: V1StatefulSet;
  /** WordPress's and MariaDB's images as their pod templates say. */
  images: { wordpress: string; mariadb: string };
}

/** Annotation of the namespace recording the size (written by buildNamespace). */
export const SIZE_ANNOTATION = 'store-platform.io/size';

const orUndefined = <T>(p: Promise<T>) =>
  p.catch(e => (isNotFound(e) ? undefined : Promise.reject(e)));

function containerImage(
  workload: V1Deployment | V1StatefulSet,
  container: string,
): string | undefined {
  return workload.spec?.template.spec?.containers.find(
    c => c.name === container,
  )?.image;
}

/** `k=v,k=v` selecting the pods of one component of a store. */
export function podSelector(storeId: string, component: StoreComponent) {
  return Object.entries(componentSelector(storeId, component))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/**
 * Reads the store's namespace and workloads. Throws InputError for a bad id,
 * NotFoundError when the store has no namespace or workloads here, and
 * ForeignNamespaceError when the namespace is another install's (or none's):
 * an operation never acts on what this install does not own.
 */
export async function readLiveStore(
  kubeConfig: KubeConfig,
  config: ProvisioningConfig,
  storeId: string,
  options: { signal?: AbortSignal; action: string },
): Promise<LiveStore> {
  const problem = storeIdProblem(storeId);
  if (problem) throw new InputError(`name: ${problem}`);
  const { core, apps }: KubeClients = kubeClients(kubeConfig);
  const namespace = storeNamespace(storeId);
  const retry = { signal: options.signal };
  const ns = await withRetry(
    `read Namespace ${namespace}`,
    () => orUndefined(core.readNamespace({ name: namespace })),
    retry,
  );
  if (!ns || ns.metadata?.deletionTimestamp) {
    throw new NotFoundError(
      `store ${storeId} has no namespace ${namespace} in the cluster${
        ns ? ' (it is being deleted)' : ''
      }`,
    );
  }
  const owner = ownerOf(ns, config.installation);
  if (owner.owner !== 'this') {
    throw foreignNamespaceError(
      namespace,
      owner,
      config.installation,
      options.action,
    );
  }
  const [deployment, statefulSet] = await Promise.all([
    withRetry(
      `read Deployment ${namespace}/${OBJECT_NAMES.wordpress}`,
      () =>
        orUndefined(
          apps.readNamespacedDeployment({
            name: OBJECT_NAMES.wordpress,
            namespace,
          }),
        ),
      retry,
    ),
    withRetry(
      `read StatefulSet ${namespace}/${OBJECT_NAMES.mariadb}`,
      () =>
        orUndefined(
          apps.readNamespacedStatefulSet({
            name: OBJECT_NAMES.mariadb,
            namespace,
          }),
        ),
      retry,
    ),
  ]);
  if (!deployment || !statefulSet) {
    const missing = [
      !deployment && `Deployment ${OBJECT_NAMES.wordpress}`,
      !statefulSet && `StatefulSet ${OBJECT_NAMES.mariadb}`,
    ].filter(Boolean);
    throw new NotFoundError(
      `store ${storeId} has no ${missing.join(
        ' and ',
      )} in ${namespace}; retry its provisioning first`,
    );
  }
  const annotations = ns.metadata?.annotations ?? {};
  const size = STORE_SIZES.find(s => s === annotations[SIZE_ANNOTATION]);
  const engine = STORE_ENGINES.find(
    e => e === annotations['store-platform.io/engine'],
  );
  return {
    storeId,
    namespace,
    // Stores made before sizes were recorded were all small.
    size: size ?? 'small',
    engine: engine ?? 'woocommerce',
    title: annotations['store-platform.io/title'] ?? storeId,
    owner: annotations['store-platform.io/owner'],
    adminEmail: annotations[ADMIN_EMAIL_ANNOTATION],
    deployment,
    statefulSet,
    images: {
      wordpress:
        containerImage(deployment, 'wordpress') ?? config.images.wordpress,
      mariadb: containerImage(statefulSet, 'mariadb') ?? config.images.mariadb,
    },
  };
}

/**
 * What the builders need to render this store's objects again, at `size` and
 * with `images` (by default, those it runs now: a resize must not upgrade).
 * The builders used on a live store (workloads, quota, limits, Jobs) do not
 * read the admin email; a store from before it was recorded has none.
 */
export function liveBuildContext(
  store: LiveStore,
  config: ProvisioningConfig,
  overrides: { size?: StoreSize; images?: Partial<StoreImages> } = {},
): BuildContext {
  return {
    spec: {
      id: store.storeId,
      title: store.title,
      engine: store.engine,
      size: overrides.size ?? store.size,
      adminEmail: store.adminEmail ?? '',
      ...(store.owner ? { owner: store.owner } : {}),
    },
    config: {
      ...config,
      images: { ...config.images, ...store.images, ...overrides.images },
    },
  };
}
