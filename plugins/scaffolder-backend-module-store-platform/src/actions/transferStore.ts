import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ownerRefSchema,
  storeEntityRef,
} from '@store-platform/plugin-store-platform-common';
import { inputErrorFor, parseStoreName } from '../inputError';
import { runStoreOperation } from '../operations/runStoreOperation';
import { StoreRegistry } from '../ports';
import { examples } from './transferStore.examples';

/**
 * The catalog, as a transfer needs it: is there such a User or Group.
 *
 * @public
 */
export interface OwnerDirectory {
  /** True when the catalog, read as `credentials`, has the User or Group `ownerRef`. */
  exists(ownerRef: string, credentials: BackstageCredentials): Promise<boolean>;
}

/**
 * The cluster side of a transfer: the namespace's owner annotation.
 *
 * @public
 */
export interface StoreOwnerAnnotator {
  /** See the node library's transferStore; `absent` when the store has no namespace. */
  annotateOwner(
    storeId: string,
    owner: string,
    signal: AbortSignal,
  ): Promise<'updated' | 'unchanged' | 'absent'>;
}

/** `group:shop` -> `group:default/shop`, the form the registry and the catalog use. */
function normalisedOwner(owner: unknown): string {
  const parsed = ownerRefSchema.safeParse(owner);
  if (!parsed.success) throw inputErrorFor(parsed.error, { '': 'owner' });
  return stringifyEntityRef(
    parseEntityRef(parsed.data, { defaultNamespace: 'default' }),
  );
}

/**
 * `store:transfer` hands a store to another User or Group of the catalog:
 * the registry's owner, the catalog entity (which follows the registry) and
 * the namespace's owner annotation change, and the store's history records
 * it. Who may: anyone who may change the store (`store.update`: its owners,
 * or a platform admin), to any User or Group that exists in the catalog.
 * Handing over is the giving side's decision, as in the catalog itself,
 * where a team sets the owner of what it owns; the new owners may hand it
 * back or delete it.
 *
 * @public
 */
export function createTransferStoreAction(options: {
  registry: StoreRegistry;
  owners: OwnerDirectory;
  cluster: StoreOwnerAnnotator;
}) {
  const { registry, owners, cluster } = options;
  return createTemplateAction({
    id: 'store:transfer',
    description:
      'Hands a store to another user or group of the catalog: registry, catalog entity, namespace annotation and history follow. Needs store.update on the store (its owners or a platform admin).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Id of the store to hand over'),
        owner: z =>
          z
            .string()
            .describe(
              'Entity ref of the new owner, a User or Group in the catalog, e.g. group:default/team-b',
            ),
      },
      output: {
        storeId: z => z.string(),
        entityRef: z => z.string().describe("The store's catalog entity"),
        owner: z =>
          z.string().describe('The new owner, as the registry has it'),
      },
    },
    async handler(ctx) {
      const storeId = parseStoreName(ctx.input.name);
      const owner = normalisedOwner(ctx.input.owner);

      const store = await registry.get(storeId);
      if (!store)
        throw new NotFoundError(`name: there is no store "${storeId}"`);
      if (store.owner === owner) {
        throw new InputError(
          `owner: store "${storeId}" is already owned by ${owner}`,
        );
      }

      // Read with the initiator's own rights: what they cannot see, they cannot hand to.
      if (!(await owners.exists(owner, await ctx.getInitiatorCredentials()))) {
        throw new InputError(
          `owner: there is no ${
            owner.startsWith('user:') ? 'User' : 'Group'
          } "${owner}" in the catalog; choose an existing user or group`,
        );
      }
      await runStoreOperation(ctx, {
        registry,
        operation: 'transfer',
        storeId,
        describe: current => [
          `would hand store ${storeId} from ${current.owner} to ${owner}`,
          `would annotate namespace ${current.namespace} with its new owner`,
        ],
        async run({ store: current, signal, step }) {
          await step('namespace', 'Namespace owner', async progress => {
            const result = await cluster.annotateOwner(storeId, owner, signal);
            progress(
              result === 'absent'
                ? `store ${storeId} has no namespace; nothing to annotate`
                : `namespace ${current.namespace} names ${owner} as its owner`,
            );
            return result;
          });
          return {
            message: `handed over from ${current.owner} to ${owner}`,
            changes: { owner },
          };
        },
      });
      ctx.output('storeId', storeId);
      ctx.output('entityRef', storeEntityRef(storeId));
      ctx.output('owner', owner);
    },
  });
}
