import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  canTransition,
  IllegalTransitionError,
  OperationRecord,
  operationRefusal,
  Store,
  StoreImageRefs,
  StoreOperation,
  StoreSize,
  StoreStatus,
} from '@store-platform/plugin-store-platform-common';
import { Knex } from 'knex';
import {
  RELEASED_LEASE,
  rowToStore,
  StoreEventRow,
  StoreRow,
  toIso,
} from './rows';

const STORES = 'stores';
const EVENTS = 'store_events';

/** How an operation ended, and what it changed. */
export interface OperationOutcome {
  taskId: string;
  outcome: 'succeeded' | 'failed';
  message?: string;
  /** Where the store goes (through the state machine); omitted: it stays. */
  status?: StoreStatus;
  changes?: { size?: StoreSize; owner?: string; images?: StoreImageRefs };
}

/**
 * One operation at a time per store: starting one takes a lease on the store
 * row (compare-and-set in one transaction), its task keeps it fresh with
 * heartbeats, and finishing records the outcome, applies what changed and
 * releases it. The reconciler calls an operation stuck when its heartbeat
 * stops, not when the store has been in one status for long.
 */
export class StoreOperationLeases {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Takes the lease for `operation`, or finds it already taken by the same
   * task (a resumed task). Refuses with 409 a store in a status the operation
   * does not start from, or with another operation in flight.
   */
  async begin(
    id: string,
    operation: StoreOperation,
    taskId: string,
  ): Promise<Store> {
    return this.knex.transaction(async tx => {
      const row = await readRow(tx, id);
      if (row.operation) {
        if (row.operation === operation && row.operation_task_id === taskId) {
          return rowToStore(row);
        }
        throw new ConflictError(
          `store "${id}" is busy: ${row.operation} (task ${
            row.operation_task_id ?? 'unknown'
          }) is still running; try again when it has finished`,
        );
      }
      const refusal = operationRefusal(operation, {
        id,
        status: row.status as StoreStatus,
      });
      if (refusal) throw new ConflictError(refusal);
      const at = this.now();
      const taken = await tx<StoreRow>(STORES)
        .where({ id, status: row.status })
        .whereNull('operation')
        .update({
          operation,
          operation_task_id: taskId,
          operation_started_at: at,
          operation_heartbeat_at: at,
          task_id: taskId,
          updated_at: at,
        });
      if (taken !== 1) {
        throw new ConflictError(
          `store "${id}" changed while ${operation} was starting; try again`,
        );
      }
      await tx<StoreEventRow>(EVENTS).insert({
        store_id: id,
        from_status: row.status,
        to_status: row.status,
        message: `${operation} started`,
        operation,
        task_id: taskId,
        at,
      });
      return rowToStore((await readRow(tx, id))!);
    });
  }

  /** Keeps the lease of `taskId` fresh; 409 when it no longer holds it. */
  async heartbeat(id: string, taskId: string): Promise<void> {
    const kept = await this.knex<StoreRow>(STORES)
      .where({ id, operation_task_id: taskId })
      .whereNotNull('operation')
      .update({ operation_heartbeat_at: this.now() });
    if (kept !== 1) await this.refuseLostLease(this.knex, id, taskId);
  }

  /**
   * Records how the operation of `taskId` ended: the status change (checked by
   * the state machine), the changes, the last-operation record and a history
   * entry, and releases the lease, all in one transaction.
   */
  async finish(id: string, result: OperationOutcome): Promise<Store> {
    return this.knex.transaction(async tx => {
      const row = await readRow(tx, id);
      if (!row.operation || row.operation_task_id !== result.taskId) {
        await this.refuseLostLease(tx, id, result.taskId);
      }
      const from = row.status as StoreStatus;
      const to = result.status ?? from;
      if (to !== from && !canTransition(from, to)) {
        throw new ConflictError(new IllegalTransitionError(from, to).message);
      }
      const at = this.now();
      const record: OperationRecord = {
        kind: row.operation as StoreOperation,
        taskId: result.taskId,
        outcome: result.outcome,
        ...(result.message ? { message: result.message } : {}),
        startedAt: toIso(row.operation_started_at!),
        finishedAt: at.toISOString(),
      };
      const changes = result.changes ?? {};
      const images = changes.images
        ? JSON.stringify({
            ...(row.images ? JSON.parse(row.images) : {}),
            ...changes.images,
          })
        : undefined;
      await tx<StoreRow>(STORES)
        .where({ id, operation_task_id: result.taskId })
        .update({
          ...RELEASED_LEASE,
          status: to,
          // A settled store keeps its message unless the operation says otherwise.
          ...(to !== from || result.message !== undefined
            ? { status_message: result.message ?? null }
            : {}),
          last_operation: JSON.stringify(record),
          updated_at: at,
          ...(changes.size ? { size: changes.size } : {}),
          ...(changes.owner ? { owner: changes.owner } : {}),
          ...(images ? { images } : {}),
        });
      await tx<StoreEventRow>(EVENTS).insert({
        store_id: id,
        from_status: from,
        to_status: to,
        message:
          result.message ??
          `${row.operation} ${
            result.outcome === 'succeeded' ? 'succeeded' : 'failed'
          }`,
        operation: row.operation,
        task_id: result.taskId,
        at,
      });
      return rowToStore((await readRow(tx, id))!);
    });
  }

  /**
   * Settled stores whose operation stopped sending heartbeats before `before`
   * (its task died). The reconciler releases them; unsettled ones it fails.
   */
  async listAbandoned(before: Date): Promise<Store[]> {
    const rows = await this.knex<StoreRow>(STORES)
      .whereNotNull('operation')
      .where('operation_heartbeat_at', '<', before)
      .orderBy('id');
    return rows.map(rowToStore);
  }

  /** Releases the lease of an abandoned operation, recording it as failed. */
  async abandon(id: string, taskId: string, message: string): Promise<Store> {
    return this.finish(id, { taskId, outcome: 'failed', message });
  }

  /** Why a task's lease call is refused: the store is gone, or the lease is another's or released. */
  private async refuseLostLease(
    db: Knex,
    id: string,
    taskId: string,
  ): Promise<never> {
    const row = await db<StoreRow>(STORES).where({ id }).first();
    if (!row) throw new NotFoundError(`no store with id "${id}"`);
    throw new ConflictError(
      row.operation
        ? `store "${id}" is running ${row.operation} for task ${row.operation_task_id}, not for task ${taskId}`
        : `store "${id}" has no operation running for task ${taskId} (it finished, was abandoned, or the store is being deleted)`,
    );
  }
}

async function readRow(db: Knex, id: string): Promise<StoreRow> {
  const row = await db<StoreRow>(STORES).where({ id }).first();
  if (!row) throw new NotFoundError(`no store with id "${id}"`);
  return row;
}
