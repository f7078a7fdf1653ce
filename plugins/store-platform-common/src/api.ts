import { z } from 'zod';
import { STORE_ENGINES, STORE_SIZES } from './engines';
import { STORE_STATUSES } from './status';
import { storeIdSchema } from './storeId';

/**
 * The REST contract of the store-platform backend plugin, mounted at
 * `/api/store-platform`. Request bodies and queries are validated with these
 * schemas on the server; clients may use them to validate before sending.
 *
 *   GET    /stores                list (filter: status, owner; paginated)
 *   GET    /stores/:id            one store
 *   GET    /stores/:id/events     its history, oldest first
 *   GET    /store-ids/:id         may a new store take this id (for the form)
 *   POST   /stores                register a store (status pending)
 *   POST   /stores/:id/status     transition (backend services only)
 *   DELETE /stores/:id            start deletion (202)
 */
export const STORE_PLATFORM_PLUGIN_ID = 'store-platform';

// Matching control characters is the point of this pattern.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// With the `u` flag this matches only a surrogate without its pair: text that
// is not valid Unicode, which a UTF-8 database cannot store as it was sent.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** Human text: trimmed, bounded, and without control characters. */
function text(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(
      v => !CONTROL_CHARACTERS.test(v),
      'must not contain control characters',
    )
    .refine(v => !LONE_SURROGATE.test(v), 'must be valid Unicode text');
}

/** `user:` or `group:` entity ref, namespace optional (`group:shop-team`). */
export const ownerRefSchema = z
  .string()
  .regex(
    /^(user|group):([a-z0-9][a-z0-9_.-]{0,62}\/)?[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/,
    'must be a user or group entity ref, like group:default/shop-team',
  );

/** Display title of a store: 1 to 100 printable characters. */
export const storeTitleSchema = text(100);

/** The WordPress admin's email address. */
export const adminEmailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .email('must be an email address, like owner@example.com');

export const createStoreRequestSchema = z.strictObject({
  id: storeIdSchema,
  title: storeTitleSchema.optional(),
  engine: z.enum(STORE_ENGINES),
  owner: ownerRefSchema,
  size: z.enum(STORE_SIZES).default('small'),
  taskId: text(200).optional(),
});
export type CreateStoreRequest = z.input<typeof createStoreRequestSchema>;

export const statusUpdateRequestSchema = z.strictObject({
  status: z.enum(STORE_STATUSES),
  message: text(2000).optional(),
  taskId: text(200).optional(),
});
export type StatusUpdateRequest = z.input<typeof statusUpdateRequestSchema>;

export const MAX_PAGE_SIZE = 100;

export const listStoresQuerySchema = z.strictObject({
  status: z.enum(STORE_STATUSES).optional(),
  owner: ownerRefSchema.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
});
export type ListStoresQuery = z.input<typeof listStoresQuerySchema>;

/**
 * Formats zod issues as one sentence per field, e.g.
 * `id: must be lowercase; engine: ...`, for error messages that name the field.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(issue => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}
