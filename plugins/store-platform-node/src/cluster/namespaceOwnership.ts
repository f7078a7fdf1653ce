import { PatchStrategy, V1Namespace } from '@kubernetes/client-node';
import { ForeignNamespaceError } from '../errors';
import { httpStatusOf, isNotFound } from '../kube/apiErrors';
import { createIfAbsent, FIELD_MANAGER } from '../kube/apply';
import { KubeClients } from '../kube/clients';
import { RetryOptions, withRetry } from '../kube/retry';
import { INSTALLATION_LABEL, REGISTRATION_LABEL } from '../resources/labels';

/**
 * Whose a namespace is: this install's, another install's, or nobody's (no label).
 *
 * @public
 */
export type NamespaceOwner =
  | { owner: 'this' }
  | { owner: 'other'; installation: string }
  | { owner: 'none' };

/**
 * Which install a store namespace belongs to, from its labels.
 *
 * @public
 */
export function ownerOf(
  namespace: V1Namespace,
  installation: string,
): NamespaceOwner {
  const label = namespace.metadata?.labels?.[INSTALLATION_LABEL];
  if (label === undefined) return { owner: 'none' };
  if (label === installation) return { owner: 'this' };
  return { owner: 'other', installation: label };
}

/**
 * Why this install leaves namespace `name` alone, and what a person can do about it. A
 * namespace without the label may be a store made before installs were labelled: relabelling
 * it hands it to this install.
 */
export function foreignNamespaceError(
  name: string,
  owner: Exclude<NamespaceOwner, { owner: 'this' }>,
  installation: string,
  action: string,
): ForeignNamespaceError {
  const whose =
    owner.owner === 'other'
      ? `belongs to the store platform install "${owner.installation}" (label ${INSTALLATION_LABEL}), not to this one ("${installation}")`
      : `belongs to no store platform install (no label ${INSTALLATION_LABEL}; this install is "${installation}")`;
  const remedy =
    owner.owner === 'other'
      ? 'Choose another store id; only that install, or a cluster admin, can delete it'
      : `Choose another store id, or ask a cluster admin to delete it (kubectl delete namespace ${name}) ` +
        `or, if it is a store of this install from before installs were labelled, to label it ` +
        `(kubectl label namespace ${name} ${INSTALLATION_LABEL}=${installation})`;
  return new ForeignNamespaceError(
    `namespace ${name} ${whose}; refusing to ${action} it. ${remedy}.`,
  );
}

/**
 * Why a new registration of a store id leaves namespace `name` alone: an earlier registration
 * of the same id made it, so its Secret, data and administrator account are not this store's.
 */
export function leftoverNamespaceError(
  name: string,
  found: string,
  registration: string,
): ForeignNamespaceError {
  return new ForeignNamespaceError(
    `namespace ${name} was left by an earlier registration of this store id ` +
      `(label ${REGISTRATION_LABEL}=${found}; this store's registration is ${registration}); ` +
      `refusing to adopt it: its Secret, data and administrator account are not this store's. ` +
      `The store platform's leftover sweep deletes it when that registration ended on this install; ` +
      `otherwise ask a cluster admin to delete it (kubectl delete namespace ${name}). ` +
      `Then retry the store.`,
  );
}

/**
 * Throws `ForeignNamespaceError` unless `ns` is this install's and of `registration` (or of no
 * registration: a store from before registrations were labelled, which the apply then labels).
 */
export function assertOwnNamespace(
  ns: V1Namespace,
  installation: string,
  registration?: string,
): void {
  const name = ns.metadata?.name ?? '';
  const owner = ownerOf(ns, installation);
  if (owner.owner !== 'this') {
    throw foreignNamespaceError(name, owner, installation, 'adopt');
  }
  const found = ns.metadata?.labels?.[REGISTRATION_LABEL];
  if (registration && found && found !== registration) {
    throw leftoverNamespaceError(name, found, registration);
  }
}

/** How often a namespace changing under the apply is read again before giving up. */
const APPLY_ATTEMPTS = 5;

/**
 * Creates or converges a store's namespace, never taking over one that is not this install's
 * and this registration's (`ForeignNamespaceError`), even when an earlier registration's late
 * step writes the same name at the same moment: ownership is checked on the object read, and
 * the write holds only if nothing changed since (a create that fails if it exists, or an apply
 * carrying the read's resourceVersion); a lost race reads again.
 */
export async function applyStoreNamespace(
  clients: KubeClients,
  namespace: V1Namespace,
  installation: string,
  options: RetryOptions & { registration?: string } = {},
): Promise<void> {
  const name = namespace.metadata!.name!;
  for (let attempt = 1; attempt <= APPLY_ATTEMPTS; attempt++) {
    const found = await withRetry(
      `read Namespace ${name}`,
      () =>
        clients.core
          .readNamespace({ name })
          .catch(e => (isNotFound(e) ? undefined : Promise.reject(e))),
      options,
    );
    if (!found) {
      if ((await createIfAbsent(clients, namespace, options)) === 'created') {
        return;
      }
      continue;
    }
    assertOwnNamespace(found, installation, options.registration);
    const unchanged = {
      ...namespace,
      metadata: {
        ...namespace.metadata,
        resourceVersion: found.metadata?.resourceVersion,
      },
    };
    // A 409 here means the namespace changed since it was read: read it again.
    const applied = await withRetry(
      `apply Namespace ${name}`,
      () =>
        clients.objects
          .patch(
            unchanged,
            undefined,
            undefined,
            FIELD_MANAGER,
            true,
            PatchStrategy.ServerSideApply,
          )
          .then(
            () => true,
            e => (httpStatusOf(e) === 409 ? false : Promise.reject(e)),
          ),
      options,
    );
    if (applied) return;
  }
  throw new Error(
    `namespace ${name} kept changing while it was being applied (${APPLY_ATTEMPTS} attempts); try again`,
  );
}
