/**
 * The life of a store, from the original design:
 * `pending -> provisioning -> ready | failed`, plus retry (`failed -> provisioning`),
 * pausing (`ready -> suspended -> ready`), a day-two operation that breaks a
 * running store (`ready | suspended -> failed`), and deletion through
 * `deleting` from any settled or stuck state.
 *
 * @public
 */
export const STORE_STATUSES = [
  'pending',
  'provisioning',
  'ready',
  'suspended',
  'failed',
  'deleting',
] as const;

/**
 * A status of the state machine: one of {@link STORE_STATUSES}.
 *
 * @public
 */
export type StoreStatus = (typeof STORE_STATUSES)[number];

const ALLOWED: Record<StoreStatus, readonly StoreStatus[]> = {
  pending: ['provisioning', 'failed', 'deleting'],
  provisioning: ['ready', 'failed', 'deleting'],
  ready: ['suspended', 'failed', 'deleting'],
  suspended: ['ready', 'failed', 'deleting'],
  failed: ['provisioning', 'deleting'],
  // A store being deleted is gone once its namespace is; it can still fail to go.
  deleting: ['failed'],
};

/**
 * The statuses a store may move to from `from`.
 *
 * @public
 */
export function nextStatuses(from: StoreStatus): readonly StoreStatus[] {
  return ALLOWED[from];
}

/**
 * Whether the state machine allows a store to go from `from` to `to`.
 *
 * @public
 */
export function canTransition(from: StoreStatus, to: StoreStatus): boolean {
  return ALLOWED[from].includes(to);
}

/**
 * True for statuses that change only when someone acts (no work in flight).
 *
 * @public
 */
export function isSettled(status: StoreStatus): boolean {
  return status === 'ready' || status === 'suspended' || status === 'failed';
}

/**
 * Thrown for a transition the state machine does not allow.
 *
 * @public
 */
export class IllegalTransitionError extends Error {
  /** The error's name, to tell it apart without `instanceof`. */
  readonly name = 'IllegalTransitionError';
  constructor(
    /** The status the store is in. */
    readonly from: StoreStatus,
    /** The status it was asked to go to. */
    readonly to: StoreStatus,
  ) {
    super(
      `a store cannot go from ${from} to ${to}; from ${from} it can go to ${
        ALLOWED[from].join(' or ') || 'nothing'
      }`,
    );
  }
}

/**
 * Throws {@link IllegalTransitionError} unless `from -> to` is allowed.
 *
 * @public
 */
export function assertTransition(from: StoreStatus, to: StoreStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}
