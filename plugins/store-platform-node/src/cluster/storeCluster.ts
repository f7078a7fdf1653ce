import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { storeIdProblem } from '@store-platform/plugin-store-platform-common';
import {
  DEFAULT_PROVISIONING_CONFIG,
  ProvisioningConfig,
} from '../config/provisioningConfig';
import { WaitTimeoutError } from '../errors';
import { isNotFound } from '../kube/apiErrors';
import { kubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import { OBJECT_NAMES, storeNamespace } from '../resources/names';
import { waitUntilGone } from '../wait/waitUntilGone';
import { foreignNamespaceError, ownerOf } from './namespaceOwnership';
import {
  deleteLeftoverNamespace,
  listRegisteredNamespaces,
  RegisteredNamespace,
} from './leftoverNamespaces';
import {
  AdminCredentials,
  readAdminCredentials,
} from '../operations/adminCredentials';
import {
  resetAdminPassword,
  ResetAdminPasswordOptions,
} from '../operations/resetAdminPassword';
import { describeStuckNamespace } from './stuckNamespace';
import { listWarningEvents, StoreWarningEvent } from './warningEvents';
import { describeUnreadyWorkload } from './workloadReadiness';
import { componentSelector } from '../resources/labels';
import { listBackups } from '../operations/listBackups';
import { StoreBackup } from '@store-platform/plugin-store-platform-common';

/**
 * What is left of a store in its cluster.
 *
 * @public
 */
export interface StoreInspection {
  /** `foreign`: the namespace exists but is not this install's (nothing in it is looked at). */
  namespace: 'present' | 'absent' | 'terminating' | 'foreign';
  /** Whether its storefront Deployment exists. */
  storefront: 'present' | 'absent';
  /**
   * The store's workloads (WordPress, MariaDB) that exist but are not ready now, each with
   * what the kubelet says of their pods; absent when every one is ready.
   */
  unready?: string[];
}

/**
 * What the backend's deletion and reconciler need from the cluster.
 *
 * @public
 */
export interface StoreCluster {
  /**
   * Deletes namespace `store-<id>` and waits until it is gone. Another install's namespace is
   * left alone (nothing of this install can be in it); one of no install is refused.
   */
  deleteStore(
    storeId: string,
    options?: { signal?: AbortSignal; timeoutMs?: number },
  ): Promise<void>;
  /** What is left of a store in the cluster: its namespace and storefront. */
  inspectStore(storeId: string): Promise<StoreInspection>;
  /**
   * The WordPress admin credentials, read from the store's Secret now;
   * undefined when it has none (yet) or the namespace is not this install's.
   */
  readAdminCredentials(storeId: string): Promise<AdminCredentials | undefined>;
  /** Gives the WordPress admin a new random password (see {@link resetAdminPassword}). */
  resetAdminPassword(
    storeId: string,
    options: ResetAdminPasswordOptions,
  ): Promise<void>;
  /** What Kubernetes warns about in the store's namespace, newest first (`listWarningEvents`). */
  listWarningEvents(
    storeId: string,
    options?: { signal?: AbortSignal },
  ): Promise<StoreWarningEvent[]>;
  /** The store's backups, newest first, read from its backup Jobs (see {@link listBackups}). */
  listBackups(
    storeId: string,
    options?: { signal?: AbortSignal },
  ): Promise<StoreBackup[]>;
  /** This install's store namespaces labelled with one of `registrations` (`listRegisteredNamespaces`). */
  listRegisteredNamespaces(
    registrations: readonly string[],
  ): Promise<RegisteredNamespace[]>;
  /** Deletes a namespace left by an ended registration, that object only (`deleteLeftoverNamespace`). */
  deleteLeftoverNamespace(
    ns: Pick<RegisteredNamespace, 'name' | 'uid'>,
  ): Promise<'deleted' | 'gone'>;
}

function checkId(storeId: string) {
  const problem = storeIdProblem(storeId);
  if (problem) throw new InputError(`storeId: ${problem}`);
}

const orUndefined = <T>(p: Promise<T>) =>
  p.catch(e => (isNotFound(e) ? undefined : Promise.reject(e)));

/**
 * The cluster operations on stores (delete, inspect, credentials, events, backups, leftover
 * namespaces) over one kubeconfig, acting only on this install's store namespaces.
 *
 * @public
 */
export function createStoreCluster(
  kubeConfig: KubeConfig,
  config?: ProvisioningConfig,
): StoreCluster {
  const clients = kubeClients(kubeConfig);
  const { core, apps } = clients;
  const provisioning = config ?? DEFAULT_PROVISIONING_CONFIG;
  const { timeouts, installation } = provisioning;
  const defaultTimeout = timeouts.deleteMs;

  return {
    async deleteStore(storeId, options = {}) {
      checkId(storeId);
      const name = storeNamespace(storeId);
      const timeoutMs = options.timeoutMs ?? defaultTimeout;
      const ns = await withRetry(
        `read Namespace ${name}`,
        () => orUndefined(core.readNamespace({ name })),
        options,
      );
      if (!ns) return;
      const owner = ownerOf(ns, installation);
      if (owner.owner === 'other') return;
      if (owner.owner === 'none') {
        throw foreignNamespaceError(name, owner, installation, 'delete');
      }
      if (!ns.metadata?.deletionTimestamp) {
        await withRetry(
          `delete Namespace ${name}`,
          () =>
            orUndefined(
              core.deleteNamespace({ name, propagationPolicy: 'Background' }),
            ),
          options,
        );
      }
      try {
        await waitUntilGone(kubeConfig, 'Namespace', undefined, name, {
          signal: options.signal,
          timeoutMs,
        });
      } catch (error) {
        if (!(error instanceof WaitTimeoutError)) throw error;
        const stuck = await orUndefined(core.readNamespace({ name })).catch(
          () => undefined,
        );
        throw new WaitTimeoutError(
          `namespace ${name} to be deleted`,
          timeoutMs,
          stuck ? describeStuckNamespace(stuck) : undefined,
        );
      }
    },

    async inspectStore(storeId) {
      checkId(storeId);
      const namespace = storeNamespace(storeId);
      const ns = await withRetry(`read Namespace ${namespace}`, () =>
        orUndefined(core.readNamespace({ name: namespace })),
      );
      if (!ns) return { namespace: 'absent', storefront: 'absent' };
      if (ownerOf(ns, installation).owner !== 'this') {
        return { namespace: 'foreign', storefront: 'absent' };
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
        ),
        withRetry(`read StatefulSet ${namespace}/${OBJECT_NAMES.mariadb}`, () =>
          orUndefined(
            apps.readNamespacedStatefulSet({
              name: OBJECT_NAMES.mariadb,
              namespace,
            }),
          ),
        ),
      ]);
      const workloads = [
        deployment && {
          workload: `Deployment ${OBJECT_NAMES.wordpress}`,
          component: 'storefront' as const,
          desired: deployment.spec?.replicas ?? 1,
          ready: deployment.status?.readyReplicas ?? 0,
        },
        statefulSet && {
          workload: `StatefulSet ${OBJECT_NAMES.mariadb}`,
          component: 'database' as const,
          desired: statefulSet.spec?.replicas ?? 1,
          ready: statefulSet.status?.readyReplicas ?? 0,
        },
      ];
      const unready: string[] = [];
      for (const w of workloads) {
        // Pods are listed only for a workload short of ready replicas: a healthy store costs two reads.
        if (!w || w.ready >= w.desired) continue;
        const selector = componentSelector(storeId, w.component);
        const pods = await withRetry(`list pods of ${w.workload}`, () =>
          core.listNamespacedPod({
            namespace,
            labelSelector: Object.entries(selector)
              .map(([k, v]) => `${k}=${v}`)
              .join(','),
          }),
        );
        const why = describeUnreadyWorkload({ ...w, pods: pods.items });
        if (why) unready.push(why);
      }
      return {
        namespace: ns.metadata?.deletionTimestamp ? 'terminating' : 'present',
        storefront: deployment ? 'present' : 'absent',
        ...(unready.length > 0 ? { unready } : {}),
      };
    },

    async readAdminCredentials(storeId) {
      checkId(storeId);
      return readAdminCredentials(kubeConfig, storeId, { installation });
    },

    async resetAdminPassword(storeId, options) {
      checkId(storeId);
      return resetAdminPassword(kubeConfig, provisioning, storeId, options);
    },

    async listWarningEvents(storeId, options = {}) {
      checkId(storeId);
      return listWarningEvents(kubeConfig, storeId, {
        ...options,
        installation,
      });
    },

    async listBackups(storeId, options = {}) {
      checkId(storeId);
      return listBackups(kubeConfig, storeId, { ...options, installation });
    },

    listRegisteredNamespaces: registrations =>
      listRegisteredNamespaces(clients, installation, registrations),

    deleteLeftoverNamespace: ns => deleteLeftoverNamespace(clients, ns),
  };
}
