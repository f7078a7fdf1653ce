import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { failureMessage } from '../failureMessage';
import { StoreCatalog, StoreProvisioner, StoreRegistry } from '../ports';
import { section, taskLogWriter } from '../taskLog';
import { examples } from './provisionStore.examples';

/**
 * `store:provision` builds a registered store in Kubernetes, step by step as
 * the design lays them out, and keeps its status true: `provisioning` while it
 * works, then `ready`, or `failed` with a message a user understands, whatever
 * goes wrong (a timeout and a cancelled task included).
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
      'Provisions a registered store in Kubernetes (namespace, database, storefront, ingress, bootstrap) and waits for its catalog entity.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string().describe('Id of a store registered by store:register'),
        title: z =>
          z.string().optional().describe('Display name; defaults to the id'),
        engine: z => z.string().describe('woocommerce or medusa'),
        size: z => z.string().optional().describe('small, medium or large'),
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
      const spec = provisioner.validate({
        id: ctx.input.name,
        title: ctx.input.title ?? ctx.input.name,
        engine: ctx.input.engine,
        size: ctx.input.size ?? 'small',
        adminEmail: ctx.input.adminEmail,
      });
      const url = provisioner.urlFor(spec);
      const entityRef = `resource:default/${spec.id}`;
      const log = taskLogWriter(ctx.logger);

      if (ctx.isDryRun) {
        for (const manifest of provisioner.render(spec)) {
          ctx.logger.info(`Dry run: would apply ${JSON.stringify(manifest)}`);
        }
        ctx.output('url', url);
        ctx.output('namespace', `store-${spec.id}`);
        ctx.output('entityRef', entityRef);
        return;
      }

      const signal = ctx.signal ?? new AbortController().signal;
      try {
        await provisioner.assertClusterReachable(signal);
        await markProvisioning(registry, spec.id, ctx.task.id);
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
        await section(log, 'catalog', 'Catalog entry', progress =>
          catalog.waitForStoreEntity(spec.id, { signal, progress }),
        );
        await registry.transition(spec.id, {
          status: 'ready',
          message: `ready at ${url}`,
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

      ctx.output('url', url);
      ctx.output('namespace', `store-${spec.id}`);
      ctx.output('entityRef', entityRef);
      ctx.logger.info(`Store ${spec.id} is ready: ${url}`);
    },
  });
}

/** pending -> provisioning, or failed -> provisioning on a retry; a recovered task finds it already there. */
async function markProvisioning(
  registry: StoreRegistry,
  storeId: string,
  taskId: string,
): Promise<void> {
  const store = await registry.get(storeId);
  if (!store) {
    throw new Error(
      `store ${storeId} is not registered; run store:register before store:provision`,
    );
  }
  if (store.status === 'provisioning') return;
  await registry.transition(storeId, {
    status: 'provisioning',
    message: 'provisioning started',
    taskId,
  });
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
