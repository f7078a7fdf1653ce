import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  adminEmailSchema,
  Store,
} from '@store-platform/plugin-store-platform-common';
import type { StoreRestorer } from './actions/restoreStore';
import { provisioningClaim } from './claimProvisioning';
import { failureMessage } from './failureMessage';
import {
  OperationContext,
  runStoreOperation,
} from './operations/runStoreOperation';
import { StoreCatalog, StoreProvisioner, StoreRegistry } from './ports';
import { provisionRegisteredStore } from './provisionRegisteredStore';
import { registerForTask } from './registerForTask';

export interface CloneStoreOptions {
  registry: StoreRegistry;
  restorer: StoreRestorer;
  provisioner: StoreProvisioner;
  catalog: StoreCatalog;
  sourceId: string;
  backupId: string;
  targetName: string;
  /** Entity ref of the clone's owner, normalised. */
  owner: string;
}

const MAX_TITLE = 100;

function cloneTitle(source: Store): string {
  const title = `${source.title} (copy)`;
  return title.length <= MAX_TITLE ? title : source.title;
}

/** The WordPress admin email of the clone: the source's, else the initiator's. */
async function adminEmailOf(
  ctx: OperationContext & {
    user?: { entity?: { spec?: { profile?: { email?: string } } } };
  },
  provisioner: StoreProvisioner,
  sourceId: string,
): Promise<string> {
  const recorded = await provisioner
    .recordedAdminEmail(sourceId)
    .catch(() => undefined);
  const parsed = adminEmailSchema.safeParse(
    recorded ?? ctx.user?.entity?.spec?.profile?.email,
  );
  if (!parsed.success) {
    throw new ConflictError(
      `name: store "${sourceId}" has no recorded administrator email and your catalog profile has none, so the clone would have no administrator email`,
    );
  }
  return parsed.data;
}

/**
 * A clone, as the operation `clone` of the source store (its lease, its
 * history): registers the new store for `owner` as the task's initiator
 * (store.create), provisions it exactly as store:provision does (its own
 * namespace, new Secrets), then copies the backup's data into it. If the copy
 * fails, the new store is marked failed with the reason (it runs, empty) and
 * the source is as it was. Returns the clone's URL (undefined in a dry run).
 */
export async function cloneStore(
  ctx: OperationContext,
  options: CloneStoreOptions,
): Promise<string | undefined> {
  const { registry, restorer, provisioner, catalog } = options;
  const { sourceId, backupId, targetName, owner } = options;
  let url: string | undefined;
  await runStoreOperation(ctx, {
    registry,
    operation: 'clone',
    storeId: sourceId,
    describe: source => [
      `would register store ${targetName} (${source.engine}, ${source.size}) owned by ${owner}`,
      `would provision it in its own namespace store-${targetName} with new Secrets`,
      `would copy backup ${backupId} of store ${sourceId} into it`,
    ],
    async run({ store: source, signal, step }) {
      await registerForTask(
        ctx,
        registry,
        {
          id: targetName,
          title: cloneTitle(source),
          engine: source.engine,
          owner,
          size: source.size,
          taskId: ctx.task.id,
          // The restore reads the source's backup: both must be on one cluster.
          ...(source.cluster ? { cluster: source.cluster } : {}),
        },
        { id: 'targetName', owner: 'owner' },
      );
      const target = await registry.get(targetName);
      if (!target) {
        throw new NotFoundError(
          `targetName: store "${targetName}" vanished after it was registered`,
        );
      }
      // The provisioning action's own path; a resumed task finds it done.
      const claim = provisioningClaim(target, ctx.task.id);
      url =
        claim === 'done'
          ? target.url
          : await provisionRegisteredStore(ctx, {
              registry,
              provisioner,
              catalog,
              store: target,
              claim,
              adminEmail: await adminEmailOf(ctx, provisioner, sourceId),
            });
      try {
        await step('copy', `Copy of backup ${backupId}`, async progress => {
          await restorer.restore({
            storeId: targetName,
            size: target.size,
            backupId,
            source: { storeId: sourceId, size: source.size },
            signal,
            onProgress: progress,
          });
        });
      } catch (error) {
        const message = `the copy of backup ${backupId} of store ${sourceId} failed: ${failureMessage(
          error,
          signal,
          'the copy',
        )}`;
        await registry
          .transition(targetName, {
            status: 'failed',
            message,
            taskId: ctx.task.id,
          })
          .catch(() => undefined); // the copy's failure is what counts
        throw error;
      }
      return {
        message: `cloned backup ${backupId} into new store ${targetName} owned by ${owner}`,
      };
    },
  });
  return url;
}
