import { StoreStatus } from './status';

/**
 * What can be done to a store, each by its own scaffolder action and template.
 * `provision` is the first build; the rest are day-two operations. `clone` is
 * the restore of a backup into a new store.
 *
 * @public
 */
export const STORE_OPERATIONS = [
  'provision',
  'retry',
  'resize',
  'upgrade',
  'suspend',
  'resume',
  'backup',
  'restore',
  'clone',
  'transfer',
] as const;

/**
 * A day-two operation: one of {@link STORE_OPERATIONS}.
 *
 * @public
 */
export type StoreOperation = (typeof STORE_OPERATIONS)[number];

/**
 * The statuses a store must be in for an operation to start on it.
 *
 * @public
 */
export const OPERATION_ALLOWED_FROM: Record<
  StoreOperation,
  readonly StoreStatus[]
> = {
  provision: ['pending', 'provisioning'],
  retry: ['failed'],
  resize: ['ready'],
  upgrade: ['ready'],
  suspend: ['ready'],
  resume: ['suspended'],
  backup: ['ready'],
  restore: ['ready'],
  clone: ['ready'],
  transfer: ['ready', 'failed', 'suspended'],
};

/**
 * Why `operation` cannot start on a store in its status, naming the allowed ones; else undefined.
 *
 * @public
 */
export function operationRefusal(
  operation: StoreOperation,
  store: { id: string; status: StoreStatus },
): string | undefined {
  const allowed = OPERATION_ALLOWED_FROM[operation];
  if (allowed.includes(store.status)) return undefined;
  return `store "${store.id}" is ${
    store.status
  }; ${operation} is allowed only when a store is ${allowed.join(' or ')}`;
}

/**
 * An operation in flight: a lease its task keeps fresh with heartbeats.
 *
 * @public
 */
export interface RunningOperation {
  /** Which operation. */
  kind: StoreOperation;
  /** The scaffolder task that runs it. */
  taskId?: string;
  /** ISO 8601 */
  startedAt: string;
  /** ISO 8601; the reconciler calls the operation stuck when this grows old. */
  heartbeatAt: string;
}

/**
 * How the last operation on a store ended.
 *
 * @public
 */
export interface OperationRecord {
  /** Which operation. */
  kind: StoreOperation;
  /** The scaffolder task that ran it. */
  taskId?: string;
  /** How it ended. */
  outcome: 'succeeded' | 'failed';
  /** What it said at the end (e.g. why it failed). */
  message?: string;
  /** ISO 8601 */
  startedAt: string;
  /** ISO 8601 */
  finishedAt: string;
}

/**
 * The images a store's containers run, by role.
 *
 * @public
 */
export interface StoreImageRefs {
  /** The storefront's image. */
  wordpress?: string;
  /** The database's image. */
  mariadb?: string;
  /** The bootstrap Job's image (WP-CLI). */
  bootstrap?: string;
}

/**
 * A backup of a store, kept in its namespace: `GET /stores/:id/backups`.
 *
 * @public
 */
export interface StoreBackup {
  /** The backup's id, which a restore names. */
  id: string;
  /** ISO 8601 */
  createdAt: string;
  /** Where its backup Job is. */
  status: 'running' | 'succeeded' | 'failed';
  /** Its size, once it succeeded. */
  sizeBytes?: number;
  /** Why it failed, when it did. */
  message?: string;
}

/**
 * A Warning event of a store's namespace: `GET /stores/:id/kubernetes-events`.
 *
 * @public
 */
export interface StoreKubernetesEvent {
  /** Kubernetes' short reason, e.g. `FailedScheduling`, `BackOff`. */
  reason: string;
  /** `Kind/name` of the object the event is about. */
  object: string;
  /** What Kubernetes says happened. */
  message: string;
  /** How many times it happened. */
  count: number;
  /** ISO 8601 */
  lastSeen: string;
}
