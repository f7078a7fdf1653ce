import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  storeEntityRef,
  storeIdSchema,
} from '@internal/plugin-store-platform-common';
import { inputErrorFor } from '../inputError';
import { runStoreOperation } from '../operations/runStoreOperation';
import { StoreRegistry } from '../ports';
import { examples } from './resumeStore.examples';

/** The cluster side of a resume (the node library's resumeStore). */
export interface StoreResumer {
  /** Restores the recorded replicas, database first; resolves once both are ready. */
  resume(
    storeId: string,
    options: { signal: AbortSignal; onProgress(message: string): void },
  ): Promise<{ replicas: { wordpress: number; mariadb: number } }>;
}

/**
 * `store:resume` wakes a `suspended` store: MariaDB, then WordPress, back to
 * the replicas they had, awaited until ready; `suspended -> ready`. A
 * failure leaves it `failed`, with the reason: `store:retry` provisions it again.
 */
export function createResumeStoreAction(options: {
  registry: StoreRegistry;
  cluster: StoreResumer;
}) {
  const { registry, cluster } = options;
  return createTemplateAction({
    id: 'store:resume',
    description:
      'Resumes a suspended store: its database and storefront back to the replicas they had, waited for until ready. Needs store.update (its owners or a platform admin).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Id of the suspended store'),
      },
      output: {
        storeId: z => z.string(),
        entityRef: z => z.string().describe("The store's catalog entity"),
      },
    },
    async handler(ctx) {
      const parsedId = storeIdSchema.safeParse(ctx.input.name);
      if (!parsedId.success) {
        throw inputErrorFor(parsedId.error, { '': 'name' });
      }
      const storeId = parsedId.data;
      await runStoreOperation(ctx, {
        registry,
        operation: 'resume',
        storeId,
        failureStatus: 'failed',
        describe: store => [
          `would scale StatefulSet mariadb, then Deployment wordpress, in namespace ${store.namespace} back to the replicas recorded when it was suspended`,
          `would wait until both are ready, then mark store ${storeId} ready`,
        ],
        async run({ signal, step }) {
          const { replicas } = await step(
            'scale-up',
            'Start the database and the storefront',
            progress =>
              cluster.resume(storeId, { signal, onProgress: progress }),
          );
          return {
            message: `resumed: ${replicas.mariadb} MariaDB and ${replicas.wordpress} WordPress replica(s) ready`,
            status: 'ready',
          };
        },
      });
      ctx.output('storeId', storeId);
      ctx.output('entityRef', storeEntityRef(storeId));
    },
  });
}
