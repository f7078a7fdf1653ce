import { InputError } from '@backstage/errors';
import { KubeConfig, V1Namespace } from '@kubernetes/client-node';
import { storeIdProblem } from '@store-platform/plugin-store-platform-common';
import { foreignNamespaceError, ownerOf } from '../cluster/namespaceOwnership';
import { isNotFound } from '../kube/apiErrors';
import { mergePatchObject } from '../kube/apply';
import { kubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import { storeNamespace } from '../resources/names';

/**
 * Annotation of the namespace naming the store's owner (written by buildNamespace).
 *
 * @public
 */
export const OWNER_ANNOTATION = 'store-platform.io/owner';

/**
 * What a transfer did in the cluster: the namespace's owner annotation was
 * `updated`, already named the owner (`unchanged`), or there is no namespace
 * (`absent`: a store that failed before its namespace was made).
 *
 * @public
 */
export type TransferResult = 'updated' | 'unchanged' | 'absent';

/**
 * Hands store `storeId` to `owner` in the cluster: its namespace's
 * `store-platform.io/owner` annotation, by a merge patch of that one key
 * (labels, Pod Security and the rest stay as they are). The store's workloads
 * do not name their owner, so nothing else changes. A namespace of another
 * install, or of none, is refused and left alone. Idempotent.
 *
 * @public
 */
export async function transferStore(
  kubeConfig: KubeConfig,
  storeId: string,
  options: { owner: string; installation: string; signal?: AbortSignal },
): Promise<TransferResult> {
  const problem = storeIdProblem(storeId);
  if (problem) throw new InputError(`name: ${problem}`);
  const clients = kubeClients(kubeConfig);
  const name = storeNamespace(storeId);
  const retry = { signal: options.signal };
  const ns = await withRetry(
    `read Namespace ${name}`,
    () =>
      clients.core
        .readNamespace({ name })
        .catch(e => (isNotFound(e) ? undefined : Promise.reject(e))),
    retry,
  );
  if (!ns) return 'absent';
  const owner = ownerOf(ns, options.installation);
  if (owner.owner !== 'this') {
    throw foreignNamespaceError(name, owner, options.installation, 'transfer');
  }
  if (ns.metadata?.annotations?.[OWNER_ANNOTATION] === options.owner) {
    return 'unchanged';
  }
  await mergePatchObject<V1Namespace>(
    clients,
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, annotations: { [OWNER_ANNOTATION]: options.owner } },
    },
    { ...retry, action: `annotate Namespace ${name} with its new owner` },
  );
  return 'updated';
}
