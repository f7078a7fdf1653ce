import { InputError } from '@backstage/errors';
import {
  describeIssues,
  engineRefusal,
  StoreEngine,
  storeIdSchema,
} from '@store-platform/plugin-store-platform-common';
import { z } from 'zod';

/** Parses `input` with `schema`, or throws a 400 that names each bad field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new InputError(`Invalid ${what}: ${describeIssues(result.error)}`);
  }
  return result.data;
}

/** Validates the `:id` path parameter. */
export function parseStoreId(id: unknown): string {
  const result = storeIdSchema.safeParse(id);
  if (!result.success) {
    throw new InputError(
      `Invalid store id: id: ${result.error.issues[0]?.message}`,
    );
  }
  return result.data;
}

/**
 * Refuses a store of an engine that cannot provision yet (the Medusa stub)
 * with a 400 naming `engine`, before anything is written.
 */
export function assertEngineAvailable(engine: StoreEngine): void {
  const refusal = engineRefusal(engine);
  if (refusal) throw new InputError(`Invalid store: engine: ${refusal}`);
}
