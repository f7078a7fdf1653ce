import { AuthorizationV1Api, KubeConfig } from '@kubernetes/client-node';
import { WaitTimeoutError } from '../errors';
import { sleep, withRetry } from './retry';

/**
 * Resolves once the caller may `verb` `resource` in `namespace`, asked of the API server with
 * a SelfSubjectAccessReview. A RoleBinding takes effect when the authorizer's cache sees it,
 * shortly after it is created; access reviews cannot be watched, so this polls, bounded.
 *
 * @public
 */
export async function waitForAccess(
  kubeConfig: KubeConfig,
  access: { namespace: string; verb: string; resource: string },
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<void> {
  const api = kubeConfig.makeApiClient(AuthorizationV1Api);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const what = `${access.verb} ${access.resource} in namespace ${access.namespace}`;
  let delay = 50;
  for (;;) {
    const review = await withRetry(
      `review access: ${what}`,
      () =>
        api.createSelfSubjectAccessReview({
          body: { spec: { resourceAttributes: access } },
        }),
      { signal: options.signal },
    );
    if (review.status?.allowed) return;
    if (Date.now() + delay > deadline) {
      throw new WaitTimeoutError(
        `access to ${what}`,
        timeoutMs,
        review.status?.reason || 'not allowed',
      );
    }
    await sleep(delay, options.signal, `waiting for access to ${what}`);
    delay = Math.min(delay * 2, 1_000);
  }
}
