import { InputError } from '@backstage/errors';
import {
  adminEmailSchema,
  describeIssues,
  ownerRefSchema,
  STORE_ENGINES,
  STORE_SIZES,
  StoreEngine,
  StoreSize,
  storeIdSchema,
  storeTitleSchema,
} from '@store-platform/plugin-store-platform-common';
import { z } from 'zod';

/**
 * What a store is made from. Values are validated: see {@link validateStoreSpec}.
 *
 * @public
 */
export interface StoreSpec {
  /** DNS-1123 label, 3 to 40 characters, starting with a letter. */
  id: string;
  /** Display title (the WordPress site title). */
  title: string;
  /** What runs the store. */
  engine: StoreEngine;
  /** The store's size preset. */
  size: StoreSize;
  /** The WordPress admin's email. */
  adminEmail: string;
  /** Entity ref of the owner, e.g. `group:default/shop-team`. */
  owner?: string;
  /**
   * The registration of the store being built (the store's `registrationUid`), labelled on
   * its namespace; absent in a dry run and for stores registered before uids existed.
   */
  registration?: string;
}

const storeSpecSchema = z.strictObject({
  id: storeIdSchema,
  title: storeTitleSchema,
  engine: z.enum(STORE_ENGINES),
  size: z.enum(STORE_SIZES).default('small'),
  adminEmail: adminEmailSchema,
  owner: ownerRefSchema.optional(),
  registration: z.string().uuid().optional(),
});

/**
 * Checks a store request against the shared input rules, before anything is
 * created. Throws an InputError naming every bad field.
 *
 * @public
 */
export function validateStoreSpec(input: unknown): StoreSpec {
  const parsed = storeSpecSchema.safeParse(input);
  if (!parsed.success) {
    throw new InputError(`invalid store: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}
