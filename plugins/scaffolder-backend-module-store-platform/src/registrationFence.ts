import { ConflictError } from '@backstage/errors';
import { Store } from '@store-platform/plugin-store-platform-common';
import { StoreRegistry } from './ports';

/**
 * Deletion fences provisioning: before each step applies anything, the task
 * asks the backend whether the store it provisions is still the same
 * registration, not being deleted, and still under this task's operation
 * lease. Throws a ConflictError saying why not, so a step that would apply
 * a namespace for a store whose deletion has begun never starts. A backend
 * that does not answer is asked again (three tries) before the step fails. (A step
 * already past this check can still apply; the backend's leftover sweep
 * removes what it makes, see docs/resilience.md.)
 */
export async function checkRegistrationCurrent(options: {
  registry: StoreRegistry;
  /** The store as the task found it when it started. */
  store: Store;
  taskId: string;
  /** What was about to run, for the message. */
  before: string;
  /** Pause between tries when the backend does not answer; default 1 s. */
  retryDelayMs?: number;
}): Promise<void> {
  const { registry, store, taskId, before } = options;
  const now = await readStore(registry, store.id, before, options.retryDelayMs);
  const why = whyNotCurrent(store, now, taskId);
  if (why) {
    throw new ConflictError(
      `store "${store.id}" ${why}; provisioning stopped before ${before}, so nothing more of it is created`,
    );
  }
}

/** Undefined while `now` is the registration `started` provisions, under `taskId`'s lease. */
export function whyNotCurrent(
  started: Store,
  now: Store | undefined,
  taskId: string,
): string | undefined {
  if (!now) return 'was deleted';
  if (
    started.registrationUid &&
    now.registrationUid !== started.registrationUid
  ) {
    return `was deleted and registered again (registration ${now.registrationUid}, not ${started.registrationUid})`;
  }
  if (now.status === 'deleting') return 'is being deleted';
  if (now.operation?.taskId !== taskId) {
    return `is no longer provisioned by this task (${
      now.operation
        ? `${now.operation.kind} runs for task ${now.operation.taskId}`
        : 'no operation runs on it'
    })`;
  }
  return undefined;
}

/** Tries before a backend that does not answer fails the step. */
const READ_ATTEMPTS = 3;

/**
 * The store as the backend has it now. A backend that does not answer (restarting, a replica
 * going away) is asked again a few times before the step fails: a blip is not a deletion.
 */
async function readStore(
  registry: StoreRegistry,
  storeId: string,
  before: string,
  retryDelayMs = 1_000,
): Promise<Store | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await registry.get(storeId);
    } catch (error) {
      if (attempt >= READ_ATTEMPTS) {
        throw new Error(
          `could not check that store "${storeId}" is still registered before ${before}: ${
            (error as Error).message
          }`,
        );
      }
      await new Promise(r => setTimeout(r, retryDelayMs));
    }
  }
}
