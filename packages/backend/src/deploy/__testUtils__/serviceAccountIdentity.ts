import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

/**
 * A KubeConfig that authenticates as a ServiceAccount, with a short-lived token from the
 * TokenRequest API: what the API pod gets from its projected token, without running the pod.
 */
export async function serviceAccountKubeConfig(
  admin: KubeConfig,
  serviceAccount: { name: string; namespace: string },
  expirationSeconds = 900,
): Promise<KubeConfig> {
  const request = await admin
    .makeApiClient(CoreV1Api)
    .createNamespacedServiceAccountToken({
      name: serviceAccount.name,
      namespace: serviceAccount.namespace,
      body: { spec: { audiences: [], expirationSeconds } },
    });
  const token = request.status?.token;
  if (!token)
    throw new Error(
      `no token issued for ServiceAccount ${serviceAccount.namespace}/${serviceAccount.name}`,
    );
  const cluster = admin.getCurrentCluster();
  if (!cluster) throw new Error('the admin kubeconfig has no current cluster');
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ ...cluster, name: 'cluster' }],
    users: [{ name: serviceAccount.name, token }],
    contexts: [
      {
        name: 'service-account',
        cluster: 'cluster',
        user: serviceAccount.name,
      },
    ],
    currentContext: 'service-account',
  });
  return kc;
}

/** Status code and message of a failed Kubernetes API call (client-node's ApiException). */
export function apiFailure(error: unknown): { code?: number; message: string } {
  const e = error as { code?: number; body?: unknown; message?: string };
  const body =
    typeof e.body === 'string' ? e.body : JSON.stringify(e.body ?? '');
  let message = e.message ?? String(error);
  try {
    message = JSON.parse(body).message ?? message;
  } catch {
    // not a Status object: keep the error's own message
  }
  return { code: e.code, message };
}

/** Resolves to the refusal of `call`; fails if the call succeeds. */
export async function refusal(
  call: () => Promise<unknown>,
): Promise<{ code?: number; message: string }> {
  try {
    await call();
  } catch (error) {
    return apiFailure(error);
  }
  throw new Error('the call was allowed');
}
