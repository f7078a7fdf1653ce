import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  STORE_SIZES,
  storeEntityRef,
  StoreSize,
} from '@store-platform/plugin-store-platform-common';
import { z as zod } from 'zod';
import { inputErrorFor, parseStoreName } from '../inputError';
import { runStoreOperation } from '../operations/runStoreOperation';
import { StoreRegistry } from '../ports';
import { examples } from './resizeStore.examples';

/**
 * The cluster side of a resize (the node library's resizeStore).
 *
 * @public
 */
export interface StoreResizer {
  /**
   * Applies the quota, limit range and container resources of `size` and
   * waits for the rollout. Refuses (changing nothing) when the pods would
   * not fit the new quota.
   */
  resize(
    storeId: string,
    size: StoreSize,
    options: { signal: AbortSignal; onProgress(message: string): void },
  ): Promise<{
    from: StoreSize;
    to: StoreSize;
    volumes: Array<{ claim: string; from: string; to: string; kept?: string }>;
  }>;
}

const sizeSchema = zod.enum(STORE_SIZES, {
  error: `must be one of ${STORE_SIZES.join(', ')}`,
});

/**
 * `store:resize` gives a `ready` store another size: its ResourceQuota,
 * LimitRange and the resources of MariaDB and WordPress become those of the
 * new size, and the rollout is awaited. Refused, with nothing changed, when
 * the pods in its namespace would not fit the new quota. Volumes grow when
 * their StorageClass allows it and never shrink: a smaller size keeps them,
 * and the message names each kept volume and why. The store stays `ready`;
 * its size is recorded.
 *
 * @public
 */
export function createResizeStoreAction(options: {
  registry: StoreRegistry;
  cluster: StoreResizer;
}) {
  const { registry, cluster } = options;
  return createTemplateAction({
    id: 'store:resize',
    description:
      "Resizes a ready store: quota, limit range and container resources of the new size, rollout awaited; refused when the namespace's pods would not fit. Needs store.update (its owners or a platform admin).",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Id of the store to resize'),
        size: z => z.enum(STORE_SIZES).describe('The new size'),
      },
      output: {
        storeId: z => z.string(),
        entityRef: z => z.string().describe("The store's catalog entity"),
        size: z => z.enum(STORE_SIZES).describe('The size it has now'),
      },
    },
    async handler(ctx) {
      const storeId = parseStoreName(ctx.input.name);
      const parsedSize = sizeSchema.safeParse(ctx.input.size);
      if (!parsedSize.success) {
        throw inputErrorFor(parsedSize.error, { '': 'size' });
      }
      const size = parsedSize.data;
      const current = await registry.get(storeId);
      if (current && current.size === size) {
        throw new InputError(`size: store "${storeId}" is already ${size}`);
      }
      await runStoreOperation(ctx, {
        registry,
        operation: 'resize',
        storeId,
        describe: store => [
          `would check that the pods in namespace ${store.namespace} fit the ${size} quota, and refuse otherwise`,
          `would apply the ${size} ResourceQuota and LimitRange, and the ${size} resources to StatefulSet mariadb and Deployment wordpress, then wait for the rollout`,
          `would grow the volumes to the ${size} sizes where their StorageClass allows it, and keep those larger than ${size} gives them as they are (volumes never shrink; the quota keeps room for them)`,
          `would record store ${storeId} as ${size} (it is ${store.size})`,
        ],
        async run({ store, signal, step }) {
          const result = await step(
            'resize',
            `Resize from ${store.size} to ${size}`,
            progress =>
              cluster.resize(storeId, size, { signal, onProgress: progress }),
          );
          const kept = result.volumes.filter(v => v.kept);
          return {
            message: `resized from ${result.from} to ${result.to}${kept
              .map(v => `\nvolume ${v.claim} stays ${v.from}: ${v.kept}`)
              .join('')}`,
            changes: { size },
          };
        },
      });
      ctx.output('storeId', storeId);
      ctx.output('entityRef', storeEntityRef(storeId));
      ctx.output('size', size);
    },
  });
}
