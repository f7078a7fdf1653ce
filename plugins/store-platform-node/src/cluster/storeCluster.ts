import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { storeIdProblem } from '@internal/plugin-store-platform-common';
import {
  DEFAULT_PROVISIONING_CONFIG,
  ProvisioningConfig,
} from '../config/provisioningConfig';
import { WaitTimeoutError } from '../errors';
import { isNotFound } from '../kube/apiErrors';
import { kubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import { MANAGED_BY, MANAGED_BY_LABEL } from '../resources/labels';
import { OBJECT_NAMES, storeNamespace } from '../resources/names';
import { waitUntilGone } from '../wait/waitUntilGone';
import { describeStuckNamespace } from './stuckNamespace';

export interface StoreInspection {
  namespace: 'present' | 'absent' | 'terminating';
  storefront: 'present' | 'absent';
}

/** What the backend's deletion and reconciler need from the cluster. */
export interface StoreCluster {
  /** Deletes namespace `store-<id>` and waits until it is gone. */
  deleteStore(
    storeId: string,
    options?: { signal?: AbortSignal; timeoutMs?: number },
  ): Promise<void>;
  inspectStore(storeId: string): Promise<StoreInspection>;
}

function checkId(storeId: string) {
  const problem = storeIdProblem(storeId);
  if (problem) throw new InputError(`storeId: ${problem}`);
}

const orUndefined = <T>(p: Promise<T>) =>
  p.catch(e => (isNotFound(e) ? undefined : Promise.reject(e)));

export function createStoreCluster(
  kubeConfig: KubeConfig,
  config?: ProvisioningConfig,
): StoreCluster {
  const { core, apps } = kubeClients(kubeConfig);
  const defaultTimeout = (config ?? DEFAULT_PROVISIONING_CONFIG).timeouts
    .deleteMs;

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
      if (ns.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY) {
        throw new InputError(
          `namespace ${name} is not managed by store-platform (label ${MANAGED_BY_LABEL}=${MANAGED_BY} missing); refusing to delete it`,
        );
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
      const deployment = await withRetry(
        `read Deployment ${namespace}/${OBJECT_NAMES.wordpress}`,
        () =>
          orUndefined(
            apps.readNamespacedDeployment({
              name: OBJECT_NAMES.wordpress,
              namespace,
            }),
          ),
      );
      return {
        namespace: ns.metadata?.deletionTimestamp ? 'terminating' : 'present',
        storefront: deployment ? 'present' : 'absent',
      };
    },
  };
}
