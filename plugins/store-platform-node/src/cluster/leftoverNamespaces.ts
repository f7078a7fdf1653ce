import { httpStatusOf, isNotFound } from '../kube/apiErrors';
import { KubeClients } from '../kube/clients';
import { RetryOptions, withRetry } from '../kube/retry';
import {
  INSTALLATION_LABEL,
  REGISTRATION_LABEL,
  STORE_ID_LABEL,
} from '../resources/labels';

/** A store namespace of this install that says which registration made it. */
export interface RegisteredNamespace {
  name: string;
  /** The namespace object's own uid: a delete applies to this object only. */
  uid: string;
  storeId: string;
  /** The value of `store-platform.io/registration`. */
  registration: string;
  terminating: boolean;
}

/** This install's store namespaces that carry a registration label. */
export async function listRegisteredNamespaces(
  clients: KubeClients,
  installation: string,
  options: RetryOptions = {},
): Promise<RegisteredNamespace[]> {
  const list = await withRetry(
    'list store namespaces',
    () =>
      clients.core.listNamespace({
        labelSelector: `${INSTALLATION_LABEL}=${installation},${REGISTRATION_LABEL}`,
      }),
    options,
  );
  return list.items.flatMap(ns => {
    const labels = ns.metadata?.labels ?? {};
    const storeId = labels[STORE_ID_LABEL];
    const registration = labels[REGISTRATION_LABEL];
    if (!storeId || !registration || !ns.metadata?.uid) return [];
    return [
      {
        name: ns.metadata.name!,
        uid: ns.metadata.uid,
        storeId,
        registration,
        terminating: Boolean(ns.metadata.deletionTimestamp),
      },
    ];
  });
}

/** A 409 from a delete whose uid precondition no longer holds. */
const isConflict = (error: unknown) => httpStatusOf(error) === 409;

/**
 * Deletes namespace `ns` if it is still the object that was listed (a uid precondition), so a
 * namespace made since under the same name is never hit. Does not wait for it to go.
 * `gone`: it was already gone, or replaced.
 */
export async function deleteLeftoverNamespace(
  clients: KubeClients,
  ns: Pick<RegisteredNamespace, 'name' | 'uid'>,
  options: RetryOptions = {},
): Promise<'deleted' | 'gone'> {
  return withRetry(
    `delete Namespace ${ns.name}`,
    async () => {
      try {
        await clients.core.deleteNamespace({
          name: ns.name,
          propagationPolicy: 'Background',
          body: { preconditions: { uid: ns.uid } },
        });
        return 'deleted' as const;
      } catch (error) {
        if (isNotFound(error) || isConflict(error)) return 'gone' as const;
        throw error;
      }
    },
    options,
  );
}
