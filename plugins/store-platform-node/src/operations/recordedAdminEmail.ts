import { KubeConfig, V1Job, V1Namespace } from '@kubernetes/client-node';
import { isNotFound } from '../kube/apiErrors';
import { kubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import { bootstrapJobName, storeNamespace } from '../resources/names';
import { ADMIN_EMAIL_ANNOTATION } from '../resources/namespace';

export { ADMIN_EMAIL_ANNOTATION };

/**
 * The WordPress administrator email a store was created with, for a retry
 * that has only the store's id: from its namespace's annotation, else from its
 * bootstrap Job. Undefined when provisioning failed before either existed.
 * An email address is not a secret; the admin password never leaves its Secret.
 *
 * @public
 */
export async function readRecordedAdminEmail(
  kubeConfig: KubeConfig,
  storeId: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const { core, batch } = kubeClients(kubeConfig);
  const namespace = storeNamespace(storeId);
  const orUndefined = (e: unknown): undefined => {
    if (isNotFound(e)) return undefined;
    throw e;
  };
  const ns = await withRetry(
    `read Namespace ${namespace}`,
    (): Promise<V1Namespace | undefined> =>
      core.readNamespace({ name: namespace }).catch(orUndefined),
    { signal },
  );
  const annotated = ns?.metadata?.annotations?.[ADMIN_EMAIL_ANNOTATION];
  if (annotated) return annotated;
  if (!ns) return undefined;
  const job = await withRetry(
    `read Job ${namespace}/${bootstrapJobName(storeId)}`,
    (): Promise<V1Job | undefined> =>
      batch
        .readNamespacedJob({ name: bootstrapJobName(storeId), namespace })
        .catch(orUndefined),
    { signal },
  );
  const containers = job?.spec?.template?.spec?.containers ?? [];
  for (const container of containers) {
    const email = container.env?.find(e => e.name === 'ADMIN_EMAIL')?.value;
    if (email) return email;
  }
  return undefined;
}
