import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  createStoreRequestSchema,
  engineRefusal,
  STORE_ENGINES,
  STORE_SIZES,
  storeNamespace,
} from '@store-platform/plugin-store-platform-common';
import { inputErrorFor } from '../inputError';
import { registerForTask } from '../registerForTask';
import { StoreRegistry } from '../ports';
import { examples } from './registerStore.examples';

/**
 * `store:register` records a new store as `pending` in the store-platform
 * backend, before anything exists in the cluster, so the store is tracked
 * from the first moment and its id is reserved.
 *
 * @public
 */
export function createRegisterStoreAction(options: {
  registry: StoreRegistry;
}) {
  const { registry } = options;
  return createTemplateAction({
    id: 'store:register',
    description:
      'Registers a store with the store-platform backend (status pending) and reserves its id.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string().describe('Store id: names the namespace and the host'),
        title: z =>
          z.string().optional().describe('Display name; defaults to the id'),
        engine: z =>
          z
            .enum(STORE_ENGINES)
            .describe('The engine: medusa is listed but not available yet'),
        owner: z =>
          z.string().describe('Entity ref of the owning user or group'),
        size: z =>
          z
            .enum(STORE_SIZES)
            .optional()
            .describe("Sets the namespace's quota and limits; default small"),
        cluster: z =>
          z
            .string()
            .optional()
            .describe(
              'Cluster to place it on (storePlatform.clusters); default: by clusterSelector and free capacity',
            ),
        clusterSelector: z =>
          z
            .record(z.string())
            .optional()
            .describe('Labels the chosen cluster must carry'),
      },
      output: {
        storeId: z => z.string(),
        namespace: z => z.string(),
      },
    },
    async handler(ctx) {
      const parsed = createStoreRequestSchema.safeParse({
        id: ctx.input.name,
        title: ctx.input.title,
        engine: ctx.input.engine,
        owner: ctx.input.owner,
        size: ctx.input.size,
        taskId: ctx.task.id,
        // An empty form field means "let the platform choose".
        cluster: ctx.input.cluster || undefined,
        clusterSelector:
          ctx.input.clusterSelector &&
          Object.keys(ctx.input.clusterSelector).length > 0
            ? ctx.input.clusterSelector
            : undefined,
      });
      if (!parsed.success) throw inputErrorFor(parsed.error);
      const request = parsed.data;
      // Before the registry is called, dry run included: an engine that cannot
      // provision leaves no failed store and no catalog entity behind.
      const refusal = engineRefusal(request.engine);
      if (refusal) throw new InputError(`engine: ${refusal}`);
      const namespace = storeNamespace(request.id);
      ctx.output('storeId', request.id);
      ctx.output('namespace', namespace);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would register store ${request.id} (${request.engine}, ${request.size}) owned by ${request.owner}`,
        );
        return;
      }

      await registerForTask(ctx, registry, request);
      ctx.logger.info(
        `Registered store ${request.id}: status pending, namespace ${namespace}`,
      );
    },
  });
}
