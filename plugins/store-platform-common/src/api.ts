import { z } from 'zod';
import { STORE_ENGINES, STORE_SIZES } from './engines';
import { STORE_OPERATIONS } from './operations';
import { STORE_STATUSES } from './status';
import { storeIdSchema } from './storeId';

/**
 * The REST contract of the store-platform backend plugin, mounted at
 * `/api/store-platform`. Request bodies and queries are validated with these
 * schemas on the server; clients may use them to validate before sending.
 *
 *   GET    /stores                list (filters, sort, pages: see listStores.ts)
 *   GET    /stores/:id            one store
 *   GET    /stores/:id/events     its history, oldest first
 *   GET    /store-ids/:id         may a new store take this id (for the form)
 *   GET    /clusters              the clusters stores may be placed on, with their load (for the form)
 *   POST   /stores                register a store (status pending)
 *   POST   /stores/:id/status     transition (backend services only)
 *   POST   /stores/:id/operations            start an operation (a lease; the scaffolder only)
 *   POST   /stores/:id/operations/heartbeat  keep the lease fresh
 *   POST   /stores/:id/operations/finish     record its outcome and release the lease
 *   GET    /stores/:id/backups               its backups, newest first
 *   GET    /stores/:id/kubernetes-events     Warning events of its namespace
 *   DELETE /stores/:id            start deletion (202)
 *
 * @public
 */
export const STORE_PLATFORM_PLUGIN_ID = 'store-platform';

// Matching control characters is the point of these patterns.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
/** Control characters other than the line break, which messages keep. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f]/;
// With the `u` flag this matches only a surrogate without its pair: text that
// is not valid Unicode, which a UTF-8 database cannot store as it was sent.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** Trimmed, bounded, valid Unicode text without the control characters `forbidden` matches. */
function boundedText(max: number, forbidden: RegExp, forbiddenMessage: string) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(v => !forbidden.test(v), forbiddenMessage)
    .refine(v => !LONE_SURROGATE.test(v), 'must be valid Unicode text');
}

/** Human text: trimmed, bounded, and without control characters. */
function text(max: number) {
  return boundedText(
    max,
    CONTROL_CHARACTERS,
    'must not contain control characters',
  );
}

/** A status or operation message: like {@link text}, but line breaks are kept (failures span lines). */
function message(max: number) {
  return boundedText(
    max,
    CONTROL_CHARACTERS_BUT_NEWLINE,
    'must not contain control characters other than line breaks',
  );
}

/**
 * `user:` or `group:` entity ref, namespace optional (`group:shop-team`).
 *
 * @public
 */
export const ownerRefSchema = z
  .string()
  .regex(
    /^(user|group):([a-z0-9][a-z0-9_.-]{0,62}\/)?[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/,
    'must be a user or group entity ref, like group:default/shop-team',
  );

/**
 * A cluster name of `storePlatform.clusters` (a DNS-1123 label).
 *
 * @public
 */
export const clusterNameSchema = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    'must be a cluster name: lower-case letters, digits and -, at most 63',
  );

/**
 * Display title of a store: 1 to 100 printable characters.
 *
 * @public
 */
export const storeTitleSchema = text(100);

/**
 * The WordPress admin's email address.
 *
 * @public
 */
export const adminEmailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .email('must be an email address, like owner@example.com');

/**
 * `POST /stores`: registers a store (the scaffolder's `store:register`).
 *
 * @public
 */
export const createStoreRequestSchema = z.strictObject({
  id: storeIdSchema,
  title: storeTitleSchema.optional(),
  engine: z.enum(STORE_ENGINES),
  owner: ownerRefSchema,
  size: z.enum(STORE_SIZES).default('small'),
  taskId: text(200).optional(),
  /** The cluster to place it on; default: chosen by `clusterSelector` and free capacity. */
  cluster: clusterNameSchema.optional(),
  /** Labels the chosen cluster must carry (ignored when `cluster` is given, which must match them). */
  clusterSelector: z.record(text(63), text(63)).optional(),
});
/**
 * The body of `POST /stores`, as {@link createStoreRequestSchema} reads it.
 *
 * @public
 */
export type CreateStoreRequest = z.input<typeof createStoreRequestSchema>;

/**
 * `POST /stores/:id/status`: a transition of the state machine, with its reason.
 *
 * @public
 */
export const statusUpdateRequestSchema = z.strictObject({
  status: z.enum(STORE_STATUSES),
  message: message(2000).optional(),
  taskId: text(200).optional(),
});
/**
 * The body of `POST /stores/:id/status`.
 *
 * @public
 */
export type StatusUpdateRequest = z.input<typeof statusUpdateRequestSchema>;

const imageRefSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}$/,
    'must be an image reference, like docker.io/library/wordpress:6.5',
  );

/**
 * `POST /stores/:id/operations`: a day-two operation starts, under a scaffolder task.
 *
 * @public
 */
export const beginOperationRequestSchema = z.strictObject({
  operation: z.enum(STORE_OPERATIONS),
  taskId: text(200),
});
/**
 * The body of `POST /stores/:id/operations`.
 *
 * @public
 */
export type BeginOperationRequest = z.input<typeof beginOperationRequestSchema>;

/**
 * The operation's heartbeat: its task is still at work.
 *
 * @public
 */
export const operationHeartbeatRequestSchema = z.strictObject({
  taskId: text(200),
});

/**
 * An operation ends: its outcome, and what it changed about the store.
 *
 * @public
 */
export const finishOperationRequestSchema = z.strictObject({
  taskId: text(200),
  outcome: z.enum(['succeeded', 'failed']),
  message: message(2000).optional(),
  /** Where the store goes, through the state machine; omitted: it stays. */
  status: z.enum(STORE_STATUSES).optional(),
  /** What the operation changed about the store. */
  changes: z
    .strictObject({
      size: z.enum(STORE_SIZES).optional(),
      owner: ownerRefSchema.optional(),
      images: z
        .strictObject({
          wordpress: imageRefSchema.optional(),
          mariadb: imageRefSchema.optional(),
          bootstrap: imageRefSchema.optional(),
        })
        .optional(),
    })
    .optional(),
});
/**
 * The body that ends an operation, as {@link finishOperationRequestSchema} reads it.
 *
 * @public
 */
export type FinishOperationRequest = z.input<
  typeof finishOperationRequestSchema
>;

/**
 * Formats zod issues as one sentence per field, e.g.
 * `id: must be lowercase; engine: ...`, for error messages that name the field.
 *
 * @public
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(issue => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}
