import { V1Namespace } from '@kubernetes/client-node';
import { httpStatusOf, isNotFound } from '../kube/apiErrors';
import { KubeClients } from '../kube/clients';
import { RetryOptions, withRetry } from '../kube/retry';
import {
  INSTALLATION_LABEL,
  REGISTRATION_LABEL,
  STORE_ID_LABEL,
} from '../resources/labels';

/**
 * A store namespace of this install that says which registration made it.
 *
 * @public
 */
export interface RegisteredNamespace {
  /** The namespace's name. */
  name: string;
  /** The namespace object's own uid: a delete applies to this object only. */
  uid: string;
  /** The store's id. */
  storeId: string;
  /** The value of `store-platform.io/registration`. */
  registration: string;
  /** Whether it is being deleted already. */
  terminating: boolean;
}

/** Registrations per list call: keeps the label selector, so the URL, short. */
const REGISTRATIONS_PER_LIST = 50;

/**
 * This install's store namespaces labelled with one of `registrations`. The API server filters
 * (a set-based label selector), so the cost follows the registrations asked about, not the
 * number of stores; none asked, no call.
 */
export async function listRegisteredNamespaces(
  clients: KubeClients,
  installation: string,
  registrations: readonly string[],
  options: RetryOptions = {},
): Promise<RegisteredNamespace[]> {
  const found: RegisteredNamespace[] = [];
  for (let at = 0; at < registrations.length; at += REGISTRATIONS_PER_LIST) {
    const some = registrations.slice(at, at + REGISTRATIONS_PER_LIST);
    const list = await withRetry(
      'list store namespaces',
      () =>
        clients.core.listNamespace({
          labelSelector: `${INSTALLATION_LABEL}=${installation},${REGISTRATION_LABEL} in (${some.join(
            ',',
          )})`,
        }),
      options,
    );
    found.push(...list.items.flatMap(registeredNamespace));
  }
  return found;
}

/** The namespace as a RegisteredNamespace; none when a label or its uid is missing. */
function registeredNamespace(ns: V1Namespace): RegisteredNamespace[] {
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
