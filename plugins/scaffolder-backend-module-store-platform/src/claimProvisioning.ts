import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, isError, NotAllowedError } from '@backstage/errors';
import { Store } from '@store-platform/plugin-store-platform-common';
import { StoreRegistry } from './ports';

/** What a `store:provision` run does with the store it was given. */
export type ProvisioningClaim =
  /** The task that registered the store carries on (or resumes). */
  | 'continue'
  /** A `failed` store provisions again, for its owner or an admin. */
  | 'retry'
  /** The registering task already made the store ready: nothing to do. */
  | 'done';

/**
 * Decides whether this task may provision `store`. Only the task that
 * registered it works on a store in flight; anyone else may only retry a
 * failed one, and the backend then checks that they may change the store.
 * Refusals touch nothing: another team's store keeps its status.
 */
export function provisioningClaim(
  store: Store,
  taskId: string,
): ProvisioningClaim {
  const ownTask = store.taskId === taskId;
  switch (store.status) {
    case 'pending':
    case 'provisioning':
      if (ownTask) return 'continue';
      throw new ConflictError(
        `name: store "${store.id}" is ${store.status} by another task; store:provision only continues the task that registered a store, or retries a failed one`,
      );
    case 'failed':
      return 'retry';
    case 'ready':
      if (ownTask) return 'done';
      throw new ConflictError(
        `name: store "${store.id}" is ready; there is nothing to provision`,
      );
    default:
      throw new ConflictError(
        `name: store "${store.id}" is ${store.status}; it cannot be provisioned`,
      );
  }
}

/**
 * Takes the store's operation lease for this task and moves the store to
 * `provisioning`, both as the task's initiator: the backend refuses unless
 * they may change the store (`store.update`, the owner or an admin) and no
 * other operation runs. A resumed task finds both done already.
 */
export async function claimProvisioning(options: {
  registry: StoreRegistry;
  store: Store;
  claim: ProvisioningClaim;
  taskId: string;
  initiator: BackstageCredentials;
  operation: 'provision' | 'retry';
}): Promise<void> {
  const { registry, store, claim, taskId, initiator } = options;
  if (claim === 'done') return;
  try {
    await registry.beginOperation(
      store.id,
      { operation: options.operation, taskId },
      initiator,
    );
    if (store.status === 'provisioning') return;
    await registry.transition(
      store.id,
      {
        status: 'provisioning',
        message:
          claim === 'retry' ? 'provisioning retried' : 'provisioning started',
        taskId,
      },
      initiator,
    );
  } catch (error) {
    if (isError(error) && error.name === 'NotAllowedError') {
      throw new NotAllowedError(
        `name: not allowed to provision store "${store.id}": it is owned by ${store.owner}, and only its owner or a platform admin may provision it`,
      );
    }
    if (isError(error) && error.name === 'ConflictError') {
      throw new ConflictError(`name: ${error.message}`);
    }
    throw error;
  }
}
