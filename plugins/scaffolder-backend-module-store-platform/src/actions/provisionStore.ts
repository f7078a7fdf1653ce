import { NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  storeEntityRef,
  storeIdSchema,
  storeNamespace,
} from '@internal/plugin-store-platform-common';
import { claimProvisioning, provisioningClaim } from '../claimProvisioning';
import { failureMessage } from '../failureMessage';
import { inputErrorFor } from '../inputError';
import { StoreCatalog, StoreProvisioner, StoreRegistry } from '../ports';
import { section, taskLogWriter } from '../taskLog';
import { examples } from './provisionStore.examples';

/**
 * `store:provision` builds a registered store in Kubernetes, step by step as
 * the design lays them out, and keeps its status true: `provisioning` while it
 * works, then `ready`, or `failed` with a message a user understands, whatever
 * goes wrong (a timeout and a cancelled task included). It works only for the
 * task that registered the store, or retries a failed store for its owner or
 * an admin (see claimProvisioning).
 */
export function createProvisionStoreAction(options: {
  registry: StoreRegistry;
  provisioner: StoreProvisioner;
  catalog: StoreCatalog;
}) {
  const { registry, provisioner, catalog } = options;
  return createTemplateAction({
    id: 'store:provision',
    description:
      'Provisions a registered store in Kubernetes (namespace, database, storefront, ingress, bootstrap) and waits for its catalog entity. Engine, size and title are the registered ones.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string().describe('Id of a store registered by store:register'),
        adminEmail: z =>
          z.string().describe("The WordPress administrator's email"),
      },
      output: {
        url: z => z.string().describe('The storefront URL'),
        namespace: z => z.string(),
        entityRef: z => z.string().describe("The store's catalog entity"),
      },
    },
    async handler(ctx) {
      const parsedId = storeIdSchema.safeParse(ctx.input.name);
      if (!parsedId.success) {
        throw inputErrorFor(parsedId.error, { '': 'name' });
      }
      const storeId = parsedId.data;
      const store = await registry.get(storeId);

      if (ctx.isDryRun) {
        // store:register records nothing in a dry run: preview the defaults.
        const spec = provisioner.validate({
          id: storeId,
          title: store?.title ?? storeId,
          engine: store?.engine ?? 'woocommerce',
          size: store?.size ?? 'small',
          adminEmail: ctx.input.adminEmail,
        });
        for (const manifest of provisioner.render(spec)) {
          ctx.logger.info(`Dry run: would apply ${JSON.stringify(manifest)}`);
        }
        outputs(ctx, provisioner.urlFor(spec), spec.id);
        return;
      }

      if (!store) {
        throw new NotFoundError(
          `name: store "${storeId}" is not registered; run store:register before store:provision`,
        );
      }
      // Engine, size and title are the registered ones, never the input's.
      const spec = provisioner.validate({
        id: store.id,
        title: store.title,
        engine: store.engine,
        size: store.size,
        adminEmail: ctx.input.adminEmail,
      });
      const claim = provisioningClaim(store, ctx.task.id);
      if (claim === 'done') {
        const url = provisioner.urlFor(spec);
        ctx.logger.info(`Store ${spec.id} is already ready: ${url}`);
        outputs(ctx, url, spec.id);
        return;
      }

      const signal = ctx.signal ?? new AbortController().signal;
      const log = taskLogWriter(ctx.logger);
      // A refused claim throws here, before the store is touched.
      await claimProvisioning({
        registry,
        store,
        claim,
        taskId: ctx.task.id,
        initiator: await ctx.getInitiatorCredentials(),
      });
      let url: string;
      try {
        // Provisioning config is read here, on first use: a bad value fails
        // this store, naming the key, not the scaffolder's start.
        url = provisioner.urlFor(spec);
        await provisioner.assertClusterReachable(signal);
        await provisioner.provision(spec, {
          signal,
          onEvent: log,
          wrapStep: (step, run) =>
            ctx.checkpoint({
              key: `store-platform.provision.${spec.id}.${step.id}`,
              fn: async () => {
                await run();
              },
            }),
        });
        const late = await section(log, 'catalog', 'Catalog entry', progress =>
          catalogLateness(catalog, spec.id, { signal, progress }),
        );
        await registry.transition(spec.id, {
          status: 'ready',
          message: late ? `ready at ${url}; note: ${late}` : `ready at ${url}`,
          taskId: ctx.task.id,
        });
      } catch (error) {
        const message = failureMessage(error, signal);
        await reportFailure(
          registry,
          spec.id,
          message,
          ctx.task.id,
          ctx.logger,
        );
        throw new Error(message);
      }

      outputs(ctx, url, spec.id);
      ctx.logger.info(`Store ${spec.id} is ready: ${url}`);
    },
  });
}

/** The action's outputs: where the store answers and what it is called. */
function outputs(
  ctx: { output(name: string, value: string): void },
  url: string,
  storeId: string,
) {
  ctx.output('url', url);
  ctx.output('namespace', storeNamespace(storeId));
  ctx.output('entityRef', storeEntityRef(storeId));
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

/** Leaves the store `failed`; if even that fails, the reconciler will catch the stale store. */
async function reportFailure(
  registry: StoreRegistry,
  storeId: string,
  message: string,
  taskId: string,
  logger: { error(message: string): void },
): Promise<void> {
  try {
    const store = await registry.get(storeId);
    if (store && store.status !== 'failed' && store.status !== 'deleting') {
      await registry.transition(storeId, { status: 'failed', message, taskId });
    }
  } catch (error) {
    logger.error(
      `Could not record the failure of store ${storeId}: ${
        (error as Error).message
      }`,
    );
  }
}
