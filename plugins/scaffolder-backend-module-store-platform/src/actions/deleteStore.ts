import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { NotFoundError } from '@backstage/errors';
import { STORE_STATUSES } from '@store-platform/plugin-store-platform-common';
import { parseStoreName } from '../inputError';
import { StoreRegistry } from '../ports';
import { examples } from './deleteStore.examples';

/**
 * `store:delete` asks the store-platform backend to delete a store: it moves
 * to `deleting`, the backend removes the namespace (and with it every object
 * of the store) and the catalog entity goes when the namespace is gone.
 *
 * @public
 */
export function createDeleteStoreAction(options: { registry: StoreRegistry }) {
  const { registry } = options;
  return createTemplateAction({
    id: 'store:delete',
    description:
      'Deletes a store: its namespace with everything in it, then its record and catalog entity.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Id of the store to delete'),
      },
      output: {
        status: z =>
          z.enum(STORE_STATUSES).describe('The store status after the request'),
      },
    },
    async handler(ctx) {
      const storeId = parseStoreName(ctx.input.name);

      const store = await registry.get(storeId);
      if (!store)
        throw new NotFoundError(`name: no store has the id "${storeId}"`);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would delete store ${storeId} and namespace ${store.namespace}`,
        );
        ctx.output('status', store.status);
        return;
      }
      const deleting = await ctx.checkpoint({
        key: `store-platform.delete.${storeId}`,
        fn: async () =>
          (
            await registry.delete(storeId, await ctx.getInitiatorCredentials())
          ).status,
      });
      ctx.logger.info(
        `Store ${storeId} is being deleted: namespace ${store.namespace} and everything in it`,
      );
      ctx.output('status', deleting);
    },
  });
}
