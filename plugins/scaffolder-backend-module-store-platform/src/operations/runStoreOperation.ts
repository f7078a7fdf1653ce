import {
  ConflictError,
  isError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { JsonValue } from '@backstage/types';
import {
  FinishOperationRequest,
  operationRefusal,
  Store,
  StoreOperation,
  StoreStatus,
} from '@store-platform/plugin-store-platform-common';
import { failureMessage } from '../failureMessage';
import { StoreRegistry } from '../ports';
import { section, taskLogWriter } from '../taskLog';
import { keepLeaseFresh } from './keepLeaseFresh';

/** What an operation's action context must offer (any scaffolder action's does). */
export type OperationContext = Pick<
  ActionContext<any, any>,
  | 'logger'
  | 'task'
  | 'signal'
  | 'isDryRun'
  | 'checkpoint'
  | 'getInitiatorCredentials'
>;

/** One section of an operation's task log, checkpointed so a resumed task skips it once done. */
export type OperationStep = <T extends JsonValue | void>(
  id: string,
  title: string,
  work: (progress: (message: string) => void) => Promise<T>,
) => Promise<T>;

/** How an operation ended well: its message, and what it changed. */
export interface OperationSuccess {
  message: string;
  /** Where the store goes; omitted: it stays in its status. */
  status?: StoreStatus;
  changes?: FinishOperationRequest['changes'];
}

export interface StoreOperationOptions {
  registry: StoreRegistry;
  operation: StoreOperation;
  /** Already validated by the action (an InputError names the field). */
  storeId: string;
  /** A dry run's account of what would happen, one line each. Touches nothing. */
  describe(store: Store): string[];
  /** The work, in steps. Throw to fail: the store keeps its data and gets `failureStatus`. */
  run(args: {
    store: Store;
    signal: AbortSignal;
    step: OperationStep;
  }): Promise<OperationSuccess>;
  /** Where a failed operation leaves the store; default: where it was. */
  failureStatus?: StoreStatus;
  heartbeatIntervalMs?: number;
}

/**
 * Runs a day-two operation as one scaffolder step: checks the store, takes its
 * operation lease as the task's initiator (the backend checks `store.update`,
 * the store's status and that nothing else runs), keeps the lease fresh, runs
 * the work in checkpointed log sections, and records the outcome in the
 * store's history with the task's link. A refusal changes nothing. Returns the
 * store as the operation left it (undefined in a dry run).
 */
export async function runStoreOperation(
  ctx: OperationContext,
  options: StoreOperationOptions,
): Promise<Store | undefined> {
  const { registry, operation, storeId } = options;
  const store = await registry.get(storeId);
  if (!store) {
    throw new NotFoundError(`name: there is no store "${storeId}"`);
  }
  const refusal = operationRefusal(operation, store);
  if (refusal) throw new ConflictError(`name: ${refusal}`);
  if (ctx.isDryRun) {
    for (const line of options.describe(store)) {
      ctx.logger.info(`Dry run: ${line}`);
    }
    return undefined;
  }

  const taskId = ctx.task.id;
  const current = await begin(ctx, options, store);
  const lost = new AbortController();
  const signal = ctx.signal
    ? AbortSignal.any([ctx.signal, lost.signal])
    : lost.signal;
  const heartbeats = keepLeaseFresh({
    registry,
    storeId,
    taskId,
    lost,
    intervalMs: options.heartbeatIntervalMs,
    warn: message => ctx.logger.warn(message),
  });
  const log = taskLogWriter(ctx.logger);
  const step: OperationStep = (id, title, work) =>
    section(log, id, title, progress =>
      ctx.checkpoint({
        key: `store-platform.${operation}.${storeId}.${id}`,
        fn: () => work(progress),
      }),
    );

  let success: OperationSuccess;
  try {
    success = await options.run({ store: current, signal, step });
  } catch (error) {
    heartbeats.stop();
    const message = lost.signal.aborted
      ? `${operation} stopped: this task no longer holds store "${storeId}" (it is being deleted, or the operation was given up as stuck)`
      : failureMessage(error, signal, operation);
    await recordFailure(ctx, options, taskId, message);
    throw new Error(message);
  }
  heartbeats.stop();
  const finished = await registry.finishOperation(storeId, {
    taskId,
    outcome: 'succeeded',
    message: success.message,
    status: success.status,
    changes: success.changes,
  });
  ctx.logger.info(success.message);
  return finished;
}

/** Takes the lease; a refusal says, on the `name` field, why and what is allowed. */
async function begin(
  ctx: OperationContext,
  options: StoreOperationOptions,
  store: Store,
): Promise<Store> {
  const { registry, operation, storeId } = options;
  try {
    return await registry.beginOperation(
      storeId,
      { operation, taskId: ctx.task.id },
      await ctx.getInitiatorCredentials(),
    );
  } catch (error) {
    if (isError(error) && error.name === 'NotAllowedError') {
      throw new NotAllowedError(
        `name: not allowed to ${operation} store "${storeId}": it is owned by ${store.owner}, and only its owner or a platform admin may change it`,
      );
    }
    if (isError(error) && error.name === 'ConflictError') {
      throw new ConflictError(`name: ${error.message}`);
    }
    throw error;
  }
}

/** Records the failure and releases the lease; if even that fails, the reconciler releases it later. */
async function recordFailure(
  ctx: OperationContext,
  options: StoreOperationOptions,
  taskId: string,
  message: string,
): Promise<void> {
  try {
    await options.registry.finishOperation(options.storeId, {
      taskId,
      outcome: 'failed',
      message,
      status: options.failureStatus,
    });
  } catch (error) {
    ctx.logger.error(
      `Could not record the failure of ${options.operation} on store ${
        options.storeId
      }: ${(error as Error).message}`,
    );
  }
}
