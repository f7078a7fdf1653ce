import { KubernetesObject, PatchStrategy } from '@kubernetes/client-node';
import { isAlreadyExists, isNotFound } from './apiErrors';
import { KubeClients } from './clients';
import { RetryOptions, withRetry } from './retry';

/**
 * Field manager of every server-side apply, so ownership of fields is ours.
 *
 * @public
 */
export const FIELD_MANAGER = 'store-platform';

export function describeObject(obj: KubernetesObject): string {
  const ns = obj.metadata?.namespace;
  return `${obj.kind} ${ns ? `${ns}/` : ''}${obj.metadata?.name}`;
}

/**
 * Creates or converges `obj` with server-side apply: running it twice, or
 * after a crash, leaves the same object. Transient failures are retried.
 *
 * @public
 */
export async function applyObject<T extends KubernetesObject>(
  clients: KubeClients,
  obj: T,
  options: RetryOptions = {},
): Promise<T> {
  return withRetry(
    `apply ${describeObject(obj)}`,
    () =>
      clients.objects.patch(
        obj,
        undefined,
        undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      ),
    options,
  );
}

/**
 * Changes only the fields `patch` names (a JSON merge patch: a null removes a
 * key), leaving the rest of the object as it is.
 * `action` says what the write is for in its error; by default "update <object>".
 * Transient failures are retried.
 */
export async function mergePatchObject<T extends KubernetesObject>(
  clients: KubeClients,
  patch: T,
  options: RetryOptions & { action?: string } = {},
): Promise<T> {
  const { action = `update ${describeObject(patch)}`, ...retry } = options;
  return withRetry(
    action,
    () =>
      clients.objects.patch(
        patch,
        undefined,
        undefined,
        FIELD_MANAGER,
        undefined,
        PatchStrategy.MergePatch,
      ),
    retry,
  );
}

/**
 * Creates `obj` unless it exists; an existing object is kept as it is. For
 * objects that must not change once made, like generated passwords.
 *
 * @public
 */
export async function createIfAbsent(
  clients: KubeClients,
  obj: KubernetesObject,
  options: RetryOptions = {},
): Promise<'created' | 'existed'> {
  return withRetry(
    `create ${describeObject(obj)}`,
    async () => {
      try {
        await clients.objects.create(obj, undefined, undefined, FIELD_MANAGER);
        return 'created' as const;
      } catch (error) {
        if (isAlreadyExists(error)) return 'existed' as const;
        throw error;
      }
    },
    options,
  );
}

/**
 * Like createIfAbsent, but reads first: in a namespace whose quota is used
 * up, quota admission refuses the create of an object that already exists
 * (403) before the API server could answer AlreadyExists. For objects made
 * once and never re-applied, like volumes.
 */
export async function createUnlessPresent(
  clients: KubeClients,
  obj: KubernetesObject,
  options: RetryOptions = {},
): Promise<'created' | 'existed'> {
  const existing = await withRetry(
    `read ${describeObject(obj)}`,
    () =>
      clients.objects
        .read({
          apiVersion: obj.apiVersion!,
          kind: obj.kind!,
          metadata: {
            name: obj.metadata!.name!,
            namespace: obj.metadata?.namespace,
          },
        })
        .catch(e => (isNotFound(e) ? undefined : Promise.reject(e))),
    options,
  );
  if (existing) return 'existed';
  return createIfAbsent(clients, obj, options);
}
