import { ConflictError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  adminEmailSchema,
  operationRefusal,
  storeEntityRef,
  storeNamespace,
} from '@store-platform/plugin-store-platform-common';
import { parseStoreName } from '../inputError';
import { StoreCatalog, StoreProvisioner, StoreRegistry } from '../ports';
import { provisionRegisteredStore } from '../provisionRegisteredStore';
import { examples } from './retryStore.examples';

/**
 * `store:retry` provisions a `failed` store again, from its id alone:
 * `failed -> provisioning -> ready`. Every object is re-applied (what exists
 * stays, the Secret and its passwords included) and waited for, as the first
 * provisioning did. The administrator email is the one the store was created
 * with; if provisioning failed before it was recorded, the initiator's.
 *
 * @public
 */
export function createRetryStoreAction(options: {
  registry: StoreRegistry;
  provisioner: StoreProvisioner;
  catalog: StoreCatalog;
}) {
  const { registry, provisioner, catalog } = options;
  return createTemplateAction({
    id: 'store:retry',
    description:
      'Provisions a failed store again: keeps its Secret, re-applies every object, waits until it is ready. Only its owner or a platform admin may.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Id of the failed store'),
      },
      output: {
        url: z => z.string().describe('The storefront URL'),
        namespace: z => z.string(),
        entityRef: z => z.string().describe("The store's catalog entity"),
      },
    },
    async handler(ctx) {
      const storeId = parseStoreName(ctx.input.name);
      const store = await registry.get(storeId);
      if (!store) {
        throw new NotFoundError(`name: there is no store "${storeId}"`);
      }
      const refusal = operationRefusal('retry', store);
      if (refusal) throw new ConflictError(`name: ${refusal}`);

      const adminEmail = await adminEmailFor(ctx, provisioner, store.id);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would provision store ${store.id} again in namespace ${store.namespace}, keeping its Secret, with administrator email ${adminEmail}`,
        );
        return;
      }
      const url = await provisionRegisteredStore(ctx, {
        registry,
        provisioner,
        catalog,
        store,
        claim: 'retry',
        adminEmail,
      });
      ctx.output('url', url);
      ctx.output('namespace', storeNamespace(store.id));
      ctx.output('entityRef', storeEntityRef(store.id));
      ctx.logger.info(`Store ${store.id} is ready again: ${url}`);
    },
  });
}

/** The email the store was created with, else the initiator's profile email. */
async function adminEmailFor(
  ctx: { user?: { entity?: { spec?: { profile?: { email?: string } } } } },
  provisioner: StoreProvisioner,
  storeId: string,
): Promise<string> {
  const recorded = await provisioner
    .recordedAdminEmail(storeId)
    .catch(() => undefined);
  const candidate = recorded ?? ctx.user?.entity?.spec?.profile?.email;
  const parsed = adminEmailSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new ConflictError(
      `name: store "${storeId}" has no recorded administrator email and your catalog profile has none; ask a platform admin to retry it, or delete it and create it again`,
    );
  }
  return parsed.data;
}
