import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ownerRefSchema,
  StoreBackup,
  storeEntityRef,
  storeIdSchema,
  StoreSize,
} from '@store-platform/plugin-store-platform-common';
import { cloneStore } from '../cloneStore';
import { inputErrorFor } from '../inputError';
import { runStoreOperation } from '../operations/runStoreOperation';
import { StoreCatalog, StoreProvisioner, StoreRegistry } from '../ports';
import { examples } from './restoreStore.examples';

/**
 * The cluster side of a restore (the node library's restoreStore).
 *
 * @public
 */
export interface StoreRestorer {
  /**
   * Refuses, naming the field `backup`, an id that is not a backup of
   * `storeId` (InputError), a backup that does not exist (NotFoundError) or
   * has not succeeded (ConflictError).
   */
  requireRestorable(
    storeId: string,
    backupId: string,
    signal?: AbortSignal,
  ): Promise<StoreBackup>;
  /** Loads the backup into `storeId`; with `source`, a copy of another store's backup (a clone). */
  restore(options: {
    storeId: string;
    size: StoreSize;
    backupId: string;
    source?: { storeId: string; size: StoreSize };
    signal: AbortSignal;
    onProgress(message: string): void;
  }): Promise<void>;
}

/** An optional text input: absent, or blank from a form, is none. */
function optional(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

function parseInput(input: Record<string, unknown>) {
  const name = storeIdSchema.safeParse(input.name);
  if (!name.success) throw inputErrorFor(name.error, { '': 'name' });
  if (typeof input.backup !== 'string' || !input.backup.trim()) {
    throw new InputError(
      'backup: required, the id of one of the store’s backups (as listed on its card)',
    );
  }
  const rawTarget = optional(input.targetName);
  const rawOwner = optional(input.owner);
  let targetName: string | undefined;
  if (rawTarget !== undefined) {
    const parsed = storeIdSchema.safeParse(rawTarget);
    if (!parsed.success)
      throw inputErrorFor(parsed.error, { '': 'targetName' });
    if (parsed.data === name.data) {
      throw new InputError(
        'targetName: must differ from name; leave it empty to restore into the same store',
      );
    }
    targetName = parsed.data;
  }
  let owner: string | undefined;
  if (rawOwner !== undefined) {
    if (!targetName) {
      throw new InputError(
        'owner: only a clone (with a targetName) takes an owner; a restore keeps the store’s owner',
      );
    }
    const parsed = ownerRefSchema.safeParse(rawOwner);
    if (!parsed.success) throw inputErrorFor(parsed.error, { '': 'owner' });
    owner = stringifyEntityRef(
      parseEntityRef(parsed.data, { defaultNamespace: 'default' }),
    );
  }
  return {
    storeId: name.data,
    backupId: input.backup.trim(),
    targetName,
    owner,
  };
}

/**
 * `store:restore` restores one of a `ready` store's backups into the store
 * itself (its database and wp-content become the backup's; the store keeps
 * its address and admin password), or, with `targetName`, clones it: a new
 * store with its own namespace and new Secrets, registered for `owner`
 * (default: the source's owner) and provisioned like any store, then given
 * the backup's data. Needs store.update on the store, and for a clone
 * store.create for the new owner.
 *
 * @public
 */
export function createRestoreStoreAction(options: {
  registry: StoreRegistry;
  restorer: StoreRestorer;
  provisioner: StoreProvisioner;
  catalog: StoreCatalog;
}) {
  const { registry, restorer } = options;
  return createTemplateAction({
    id: 'store:restore',
    description:
      'Restores a backup into its store, or with targetName clones it into a new store (own namespace, new Secrets, the given owner). Needs store.update on the store, and store.create for the clone’s owner.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Id of the store the backup belongs to'),
        backup: z =>
          z.string().describe('Id of the backup, as listed on the store card'),
        targetName: z =>
          z
            .string()
            .optional()
            .describe('Id of a new store to clone into; empty: this store'),
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              "Owner of the clone (user or group entity ref); default: the store's owner",
            ),
      },
      output: {
        storeId: z => z.string().describe('The store that received the data'),
        entityRef: z => z.string().describe("That store's catalog entity"),
        url: z => z.string().optional().describe("A clone's storefront URL"),
      },
    },
    async handler(ctx) {
      const input = parseInput(ctx.input);
      const source = await registry.get(input.storeId);
      if (!source) {
        throw new NotFoundError(`name: there is no store "${input.storeId}"`);
      }
      // Before any lease or record: a missing or foreign backup changes nothing.
      await restorer.requireRestorable(
        input.storeId,
        input.backupId,
        ctx.signal,
      );

      if (input.targetName) {
        // A taken id is bad input, not a failed clone in the source's history
        // (unless this very task registered it before it was interrupted).
        const taken = await registry.get(input.targetName);
        if (taken && taken.taskId !== ctx.task.id) {
          throw new ConflictError(
            `targetName: a store with id "${input.targetName}" already exists; choose another name`,
          );
        }
        const url = await cloneStore(ctx, {
          ...options,
          sourceId: input.storeId,
          backupId: input.backupId,
          targetName: input.targetName,
          owner: input.owner ?? source.owner,
        });
        ctx.output('storeId', input.targetName);
        ctx.output('entityRef', storeEntityRef(input.targetName));
        if (url) ctx.output('url', url);
        return;
      }

      await runStoreOperation(ctx, {
        registry,
        operation: 'restore',
        storeId: input.storeId,
        describe: store => [
          `would replace the database and wp-content of store ${store.id} with backup ${input.backupId}, with a Job in namespace ${store.namespace}`,
          'the store would keep its address and its admin password',
        ],
        async run({ store, signal, step }) {
          await step('restore', 'Restore', async progress => {
            await restorer.restore({
              storeId: store.id,
              size: store.size,
              backupId: input.backupId,
              signal,
              onProgress: progress,
            });
          });
          return { message: `restored backup ${input.backupId}` };
        },
      });
      ctx.output('storeId', input.storeId);
      ctx.output('entityRef', storeEntityRef(input.storeId));
    },
  });
}
