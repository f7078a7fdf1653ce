import {
  createTemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import {
  Store,
  storeEntityRef,
} from '@store-platform/plugin-store-platform-common';
import { parseStoreName } from '../inputError';
import { runStoreOperation } from '../operations/runStoreOperation';
import { StoreRegistry } from '../ports';

/**
 * The replicas of a store's workloads that a suspend recorded or a resume gave back.
 *
 * @public
 */
// A type, not an interface: a checkpointed step's result must be JSON, which an interface is not to TypeScript.
export type WorkloadReplicas = {
  wordpress: number;
  mariadb: number;
};

/**
 * What the cluster side of a suspend or resume is given.
 *
 * @public
 */
export interface WorkloadScalingOptions {
  /** Aborts the work (the task was cancelled). */
  signal: AbortSignal;
  /** Called with a line for the task log as the work goes on. */
  onProgress(message: string): void;
}

/**
 * store:suspend and store:resume are one action but for their direction: the
 * store named by `name`, its lease taken, one checkpointed step that scales
 * its workloads through the cluster port, and the status that direction
 * leads to. A failure leaves the store `failed` (its workloads may be half
 * scaled): store:retry brings it back.
 */
export function createWorkloadOperationAction(spec: {
  operation: 'suspend' | 'resume';
  description: string;
  nameDescription: string;
  examples: TemplateExample[];
  registry: StoreRegistry;
  scale(
    storeId: string,
    options: WorkloadScalingOptions,
  ): Promise<{ replicas: WorkloadReplicas }>;
  /** A dry run's lines: what would happen to this store. */
  describe(store: Store): string[];
  step: { id: string; title: string };
  outcome: {
    status: 'suspended' | 'ready';
    message(replicas: WorkloadReplicas): string;
  };
}) {
  const { operation, registry, step: section, outcome } = spec;
  return createTemplateAction({
    id: `store:${operation}`,
    description: spec.description,
    examples: spec.examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe(spec.nameDescription),
      },
      output: {
        storeId: z => z.string(),
        entityRef: z => z.string().describe("The store's catalog entity"),
      },
    },
    async handler(ctx) {
      const storeId = parseStoreName(ctx.input.name);
      await runStoreOperation(ctx, {
        registry,
        operation,
        storeId,
        failureStatus: 'failed',
        describe: spec.describe,
        async run({ signal, step }) {
          const { replicas } = await step(section.id, section.title, progress =>
            spec.scale(storeId, { signal, onProgress: progress }),
          );
          return { message: outcome.message(replicas), status: outcome.status };
        },
      });
      ctx.output('storeId', storeId);
      ctx.output('entityRef', storeEntityRef(storeId));
    },
  });
}
