import { NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  storeEntityRef,
  storeNamespace,
} from '@store-platform/plugin-store-platform-common';
import { provisioningClaim } from '../claimProvisioning';
import { parseStoreName } from '../inputError';
import { StoreCatalog, StoreProvisioner, StoreRegistry } from '../ports';
import { provisionRegisteredStore } from '../provisionRegisteredStore';
import { examples } from './provisionStore.examples';

/**
 * `store:provision` builds a registered store in Kubernetes, step by step as
 * the design lays them out, and keeps its status true: `provisioning` while it
 * works, then `ready`, or `failed` with a message a user understands, whatever
 * goes wrong (a timeout and a cancelled task included). It works only for the
 * task that registered the store, or retries a failed store for its owner or
 * an admin (see claimProvisioning).
 *
 * @public
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
      'Provisions a registered store in Kubernetes (namespace, database, storefront, ingress, bootstrap) and waits for its catalog entity. Engine, size and title are the registered ones.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string().describe('Id of a store registered by store:register'),
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
      const storeId = parseStoreName(ctx.input.name);
      const store = await registry.get(storeId);

      if (ctx.isDryRun) {
        // store:register records nothing in a dry run: preview the defaults.
        const spec = provisioner.validate({
          id: storeId,
          title: store?.title ?? storeId,
          engine: store?.engine ?? 'woocommerce',
          size: store?.size ?? 'small',
          adminEmail: ctx.input.adminEmail,
        });
        for (const manifest of provisioner.render(spec)) {
          ctx.logger.info(`Dry run: would apply ${JSON.stringify(manifest)}`);
        }
        outputs(ctx, provisioner.urlFor(spec), spec.id);
        return;
      }

      if (!store) {
        throw new NotFoundError(
          `name: store "${storeId}" is not registered; run store:register before store:provision`,
        );
      }
      // Engine, size and title are the registered ones, never the input's.
      const spec = provisioner.validate({
        id: store.id,
        title: store.title,
        engine: store.engine,
        size: store.size,
        adminEmail: ctx.input.adminEmail,
      });
      const claim = provisioningClaim(store, ctx.task.id);
      if (claim === 'done') {
        const url = provisioner.urlFor(spec);
        ctx.logger.info(`Store ${spec.id} is already ready: ${url}`);
        outputs(ctx, url, spec.id);
        return;
      }

      const url = await provisionRegisteredStore(ctx, {
        registry,
        provisioner,
        catalog,
        store,
        claim,
        adminEmail: ctx.input.adminEmail,
      });
      outputs(ctx, url, spec.id);
      ctx.logger.info(`Store ${spec.id} is ready: ${url}`);
    },
  });
}

/** The action's outputs: where the store answers and what it is called. */
function outputs(
  ctx: { output(name: string, value: string): void },
  url: string,
  storeId: string,
) {
  ctx.output('url', url);
  ctx.output('namespace', storeNamespace(storeId));
  ctx.output('entityRef', storeEntityRef(storeId));
}
