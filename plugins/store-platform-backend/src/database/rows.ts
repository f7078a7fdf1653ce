import {
  OperationRecord,
  Store,
  StoreEngine,
  StoreEvent,
  StoreImageRefs,
  StoreOperation,
  StoreSize,
  StoreStatus,
} from '@store-platform/plugin-store-platform-common';

/** A row of the `stores` table. */
export interface StoreRow {
  id: string;
  title: string;
  engine: string;
  owner: string;
  size: string;
  namespace: string;
  /** The cluster it lives on (migration 20261203100000; `default` before). */
  cluster?: string;
  url: string;
  /** This registration of the id (see migration 20261203000000); null before uids existed. */
  registration_uid?: string | null;
  status: string;
  status_message: string | null;
  task_id: string | null;
  created_at: Date | string | number;
  updated_at: Date | string | number;
  /** JSON {@link StoreImageRefs} */
  images: string | null;
  operation: string | null;
  operation_task_id: string | null;
  operation_started_at: Date | string | number | null;
  operation_heartbeat_at: Date | string | number | null;
  /** JSON {@link OperationRecord} */
  last_operation: string | null;
  /** The replica running the store's deletion (see DeletionClaims). */
  deletion_claimed_by?: string | null;
  deletion_claimed_at?: Date | string | number | null;
  deletion_heartbeat_at?: Date | string | number | null;
}

/** The lease columns of a store with no operation in flight. */
export const RELEASED_LEASE = {
  operation: null,
  operation_task_id: null,
  operation_started_at: null,
  operation_heartbeat_at: null,
} as const;

/** The deletion claim columns of a store no replica is deleting. */
export const RELEASED_DELETION_CLAIM = {
  deletion_claimed_by: null,
  deletion_claimed_at: null,
  deletion_heartbeat_at: null,
} as const;

/** A row of the `store_events` table. */
export interface StoreEventRow {
  id: number | string;
  store_id: string;
  from_status: string | null;
  to_status: string;
  message: string | null;
  at: Date | string | number;
  operation?: string | null;
  task_id?: string | null;
}

/** SQLite hands timestamps back as epoch numbers or strings, PostgreSQL as Dates. */
export function toIso(value: Date | string | number): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  const numeric = Number(value);
  return new Date(Number.isFinite(numeric) ? numeric : value).toISOString();
}

export function rowToStore(row: StoreRow): Store {
  return {
    id: row.id,
    title: row.title,
    engine: row.engine as StoreEngine,
    owner: row.owner,
    size: row.size as StoreSize,
    namespace: row.namespace,
    cluster: row.cluster ?? 'default',
    url: row.url,
    ...(row.registration_uid ? { registrationUid: row.registration_uid } : {}),
    status: row.status as StoreStatus,
    ...(row.status_message ? { statusMessage: row.status_message } : {}),
    ...(row.task_id ? { taskId: row.task_id } : {}),
    ...(row.images ? { images: JSON.parse(row.images) as StoreImageRefs } : {}),
    ...(row.operation && row.operation_started_at && row.operation_heartbeat_at
      ? {
          operation: {
            kind: row.operation as StoreOperation,
            ...(row.operation_task_id ? { taskId: row.operation_task_id } : {}),
            startedAt: toIso(row.operation_started_at),
            heartbeatAt: toIso(row.operation_heartbeat_at),
          },
        }
      : {}),
    ...(row.last_operation
      ? { lastOperation: JSON.parse(row.last_operation) as OperationRecord }
      : {}),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export function rowToEvent(row: StoreEventRow): StoreEvent {
  return {
    id: Number(row.id),
    storeId: row.store_id,
    from: row.from_status as StoreStatus | null,
    to: row.to_status as StoreStatus,
    ...(row.message ? { message: row.message } : {}),
    ...(row.operation ? { operation: row.operation as StoreOperation } : {}),
    ...(row.task_id ? { taskId: row.task_id } : {}),
    at: toIso(row.at),
  };
}
