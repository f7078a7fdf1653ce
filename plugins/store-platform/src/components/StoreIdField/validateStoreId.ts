import { ApiHolder } from '@backstage/core-plugin-api';
import { storeIdProblem } from '@store-platform/plugin-store-platform-common';
import { storePlatformApiRef } from '../../api';

/** The part of the form's field validation this needs. */
export interface FieldErrors {
  addError(message: string): void;
}

/**
 * Checks a store id in the form before the task starts: the id rule at
 * once, then the backend for what only it knows (ids reserved by its
 * configuration and hosts, ids already taken).
 */
export async function validateStoreId(
  value: unknown,
  errors: FieldErrors,
  context: { apiHolder: ApiHolder },
): Promise<void> {
  const problem = storeIdProblem(value);
  if (problem) {
    errors.addError(problem);
    return;
  }
  const api = context.apiHolder.get(storePlatformApiRef);
  if (!api) return; // the backend checks again when the store is registered
  try {
    const availability = await api.checkStoreId(value as string);
    if (!availability.available && availability.reason) {
      errors.addError(availability.reason);
    }
  } catch {
    // Unreachable backend: let the registration step give the answer.
  }
}
