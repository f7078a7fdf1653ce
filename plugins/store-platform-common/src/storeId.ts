import { z } from 'zod';

/**
 * Store ids name Kubernetes objects and a host name, so they follow the
 * strictest rule among the places they appear in:
 * - namespace `store-<id>` and host `<id>.localhost`: DNS-1123 labels;
 * - Job `woocommerce-bootstrap-<id>`: its name becomes the pods' `job-name`
 *   label value, which may not exceed 63 characters, so ids may have at most
 *   41. We allow 40, a round number with one character to spare.
 *
 * @public
 */
export const STORE_ID_MAX_LENGTH = 40;
/**
 * The shortest store id allowed.
 *
 * @public
 */
export const STORE_ID_MIN_LENGTH = 3;

/**
 * Lowercase letters, digits and dashes; starts with a letter, ends with a letter or digit.
 *
 * @public
 */
export const STORE_ID_PATTERN = '^[a-z]([a-z0-9-]*[a-z0-9])?$';

/**
 * Ids that would collide with the platform's own host names.
 *
 * @public
 */
export const RESERVED_STORE_IDS: readonly string[] = [
  'dashboard',
  'api',
  'www',
];

/**
 * The rule in words, as shown to users next to the field.
 *
 * @public
 */
export const STORE_ID_RULE = `${STORE_ID_MIN_LENGTH} to ${STORE_ID_MAX_LENGTH} characters: lowercase letters, digits and dashes, starting with a letter and ending with a letter or digit`;

/**
 * Explains why `id` is not a valid store id, or returns undefined when it is.
 * Each message names the rule that was broken.
 *
 * @public
 */
export function storeIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string') return 'must be a string';
  if (id.length < STORE_ID_MIN_LENGTH) {
    return `must be at least ${STORE_ID_MIN_LENGTH} characters long`;
  }
  if (id.length > STORE_ID_MAX_LENGTH) {
    return `must be at most ${STORE_ID_MAX_LENGTH} characters long (it names the bootstrap Job)`;
  }
  if (/[A-Z]/.test(id)) return 'must be lowercase';
  if (!new RegExp(STORE_ID_PATTERN).test(id)) {
    return 'may contain only lowercase letters, digits and dashes, must start with a letter and end with a letter or digit';
  }
  if (RESERVED_STORE_IDS.includes(id)) {
    return `"${id}" is reserved for the platform itself`;
  }
  return undefined;
}

/**
 * Zod schema for a store id; its error message is {@link storeIdProblem}'s.
 *
 * @public
 */
export const storeIdSchema = z.string().superRefine((id, ctx) => {
  const problem = storeIdProblem(id);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * The Kubernetes namespace a store lives in.
 *
 * @public
 */
export function storeNamespace(storeId: string): string {
  return `store-${storeId}`;
}
