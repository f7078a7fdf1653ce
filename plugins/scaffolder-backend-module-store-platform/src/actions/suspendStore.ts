import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  storeEntityRef,
  storeIdSchema,
} from '@internal/plugin-store-platform-common';
import { inputErrorFor } from '../inputError';
import { runStoreOperation } from '../operations/runStoreOperation';
import { StoreRegistry } from '../ports';
import { examples } from './suspendStore.examples';

/** The cluster side of a suspend (the node library's suspendStore). */
export interface StoreSuspender {
  /** Scales the storefront and database to 0, recording their replicas; resolves once their pods are gone. */
  suspend(
    storeId: string,
    options: { signal: AbortSignal; onProgress(message: string): void },
  ): Promise<{ replicas: { wordpress: number; mariadb: number } }>;
}

/**
 * `store:suspend` pauses a `ready` store: WordPress and MariaDB scaled to 0
 * (their volumes and everything else stay), its address answering 503 while
 * it sleeps; `ready -> suspended`. A failure leaves it `failed` (it may be
 * half stopped): `store:retry` brings it back.
 */
export function createSuspendStoreAction(options: {
  registry: StoreRegistry;
  cluster: StoreSuspender;
}) {
  const { registry, cluster } = options;
  return createTemplateAction({
    id: 'store:suspend',
    description:
      'Suspends a ready store: its storefront and database scaled to 0 (data kept), its address answering 503 until it is resumed. Needs store.update (its owners or a platform admin).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Id of the store to suspend'),
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
        operation: 'suspend',
        storeId,
        failureStatus: 'failed',
        describe: store => [
          `would scale Deployment wordpress and StatefulSet mariadb in namespace ${store.namespace} to 0, recording their replicas for resume`,
          `would wait until their pods are gone; volumes, Secret and Ingress stay (the address answers 503)`,
          `would mark store ${storeId} suspended`,
        ],
        async run({ signal, step }) {
          const { replicas } = await step(
            'scale-down',
            'Stop the storefront and the database',
            progress =>
              cluster.suspend(storeId, { signal, onProgress: progress }),
          );
          return {
            message: `suspended: storefront and database stopped (resume restores ${replicas.wordpress} WordPress and ${replicas.mariadb} MariaDB replica(s))`,
            status: 'suspended',
          };
        },
      });
      ctx.output('storeId', storeId);
      ctx.output('entityRef', storeEntityRef(storeId));
    },
  });
}
