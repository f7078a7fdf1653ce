import {
  Store,
  storeEntityRef,
} from '@store-platform/plugin-store-platform-common';
import { claimProvisioning, ProvisioningClaim } from './claimProvisioning';
import { failureMessage } from './failureMessage';
import { keepLeaseFresh } from './operations/keepLeaseFresh';
import { OperationContext } from './operations/runStoreOperation';
import { checkRegistrationCurrent } from './registrationFence';
import { StoreCatalog, StoreProvisioner, StoreRegistry } from './ports';
import { section, taskLogWriter } from './taskLog';

export interface ProvisionRegisteredStoreOptions {
  registry: StoreRegistry;
  provisioner: StoreProvisioner;
  catalog: StoreCatalog;
  store: Store;
  /** `continue` for the registering task, `retry` for a failed store. */
  claim: Exclude<ProvisioningClaim, 'done'>;
  adminEmail: string;
  heartbeatIntervalMs?: number;
}

/**
 * Builds a registered store, as store:provision, store:retry and a clone do:
 * takes the store's operation lease as the task's initiator (a refusal
 * touches nothing), moves it to `provisioning`, applies every object
 * (each step only while the store's registration is still current, see
 * registrationFence)
 * (idempotently: a retry keeps the Secret and re-applies the rest) with a
 * heartbeat so a long wait is not called stuck, waits for its catalog entity
 * (late is a note, not a failure), and leaves it `ready` with the images it
 * runs, or `failed` with a message a user understands. Returns its URL.
 */
export async function provisionRegisteredStore(
  ctx: OperationContext,
  options: ProvisionRegisteredStoreOptions,
): Promise<string> {
  const { registry, provisioner, catalog, store, claim } = options;
  const taskId = ctx.task.id;
  const operation = claim === 'retry' ? 'retry' : 'provision';
  const spec = provisioner.validate({
    id: store.id,
    title: store.title,
    engine: store.engine,
    size: store.size,
    adminEmail: options.adminEmail,
    // Recorded on the namespace, as a transfer updates it.
    owner: store.owner,
    // Labelled on the namespace: an earlier registration's is never adopted.
    registration: store.registrationUid,
  });
  const initiator = await ctx.getInitiatorCredentials();
  // Refusals (another team's store, the wrong status, another operation) throw here.
  await claimProvisioning({
    registry,
    store,
    claim,
    taskId,
    initiator,
    operation,
  });

  const lost = new AbortController();
  const signal = ctx.signal
    ? AbortSignal.any([ctx.signal, lost.signal])
    : lost.signal;
  const heartbeats = keepLeaseFresh({
    registry,
    storeId: store.id,
    taskId,
    lost,
    intervalMs: options.heartbeatIntervalMs,
    warn: message => ctx.logger.warn(message),
  });
  const log = taskLogWriter(ctx.logger);
  try {
    // Provisioning config is read here, on first use: a bad value fails
    // this store, naming the key, not the scaffolder's start.
    const url = provisioner.urlFor(spec);
    await provisioner.assertClusterReachable(signal);
    await provisioner.provision(spec, {
      signal,
      onEvent: log,
      wrapStep: async (step, run) => {
        // Outside the checkpoint: a resumed task checks again too.
        await checkRegistrationCurrent({
          registry,
          store,
          taskId,
          before: `step ${step.id}`,
        });
        await ctx.checkpoint({
          key: `store-platform.provision.${spec.id}.${step.id}`,
          fn: async () => {
            await run();
          },
        });
      },
    });
    const late = await section(log, 'catalog', 'Catalog entry', progress =>
      catalogLateness(catalog, spec.id, { signal, progress }),
    );
    heartbeats.stop();
    await registry.finishOperation(store.id, {
      taskId,
      outcome: 'succeeded',
      status: 'ready',
      message: late ? `ready at ${url}; note: ${late}` : `ready at ${url}`,
      changes: { images: provisioner.images() },
    });
    return url;
  } catch (error) {
    heartbeats.stop();
    const message = failureMessage(error, signal);
    await reportFailure(registry, store.id, message, taskId, ctx.logger);
    throw new Error(message);
  }
}

/**
 * Waits for the store's catalog entity and says, in a note, why it is not
 * there yet; undefined once it is. The store runs whatever the catalog says,
 * so a late entity, an unreachable catalog or a cancelled wait never fails it:
 * the entity appears when the catalog's store-platform provider next reads
 * the registry.
 */
async function catalogLateness(
  catalog: StoreCatalog,
  storeId: string,
  options: { signal: AbortSignal; progress(message: string): void },
): Promise<string | undefined> {
  try {
    await catalog.waitForStoreEntity(storeId, options);
    return undefined;
  } catch (error) {
    const why = options.signal.aborted
      ? `the wait for ${storeEntityRef(storeId)} was cancelled`
      : (error as Error).message;
    const note = `its catalog entity is late (${why}); it appears once the catalog's store-platform provider reads the store`;
    options.progress(note);
    return note;
  }
}

/**
 * Leaves the store `failed` and releases its lease; if even that fails (the
 * store is being deleted, the backend is down), the reconciler catches the
 * store once its heartbeat is stale.
 */
async function reportFailure(
  registry: StoreRegistry,
  storeId: string,
  message: string,
  taskId: string,
  logger: { error(message: string): void },
): Promise<void> {
  try {
    await registry.finishOperation(storeId, {
      taskId,
      outcome: 'failed',
      status: 'failed',
      message,
    });
  } catch (error) {
    logger.error(
      `Could not record the failure of store ${storeId}: ${
        (error as Error).message
      }`,
    );
  }
}
