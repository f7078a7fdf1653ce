import { V1Namespace } from '@kubernetes/client-node';
import { ForeignNamespaceError } from '../errors';
import { isNotFound } from '../kube/apiErrors';
import { KubeClients } from '../kube/clients';
import { RetryOptions, withRetry } from '../kube/retry';
import { INSTALLATION_LABEL } from '../resources/labels';

/** Whose a namespace is: this install's, another install's, or nobody's (no label). */
export type NamespaceOwner =
  | { owner: 'this' }
  | { owner: 'other'; installation: string }
  | { owner: 'none' };

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
 * Before a store's namespace is applied: resolves when it is absent or this install's, throws
 * `ForeignNamespaceError` otherwise. Applying over someone else's namespace would adopt it.
 */
export async function refuseForeignNamespace(
  clients: KubeClients,
  name: string,
  installation: string,
  options: RetryOptions = {},
): Promise<void> {
  const ns = await withRetry(
    `read Namespace ${name}`,
    () =>
      clients.core
        .readNamespace({ name })
        .catch(e => (isNotFound(e) ? undefined : Promise.reject(e))),
    options,
  );
  if (!ns) return;
  const owner = ownerOf(ns, installation);
  if (owner.owner !== 'this') {
    throw foreignNamespaceError(name, owner, installation, 'adopt');
  }
}
