import { ConflictError, isError, NotAllowedError } from '@backstage/errors';
import { CreateStoreRequest } from '@store-platform/plugin-store-platform-common';
import { OperationContext } from './operations/runStoreOperation';
import { StoreRegistry } from './ports';

/**
 * Registers a new store as the task's initiator (the backend checks
 * `store.create` for the new store's owner), once per task: a resumed task
 * finds its own registration and carries on. Used by store:register and by a
 * clone (store:restore with a targetName); `fields` names the inputs the
 * refusals are about, as the template calls them.
 */
export async function registerForTask(
  ctx: Pick<
    OperationContext,
    'checkpoint' | 'getInitiatorCredentials' | 'task'
  >,
  registry: StoreRegistry,
  request: CreateStoreRequest,
  fields: { id: string; owner: string } = { id: 'name', owner: 'owner' },
): Promise<void> {
  await ctx.checkpoint({
    key: `store-platform.register.${request.id}`,
    fn: async () => {
      try {
        await registry.register(request, await ctx.getInitiatorCredentials());
      } catch (error) {
        if (isError(error) && error.name === 'ConflictError') {
          const existing = await registry.get(request.id);
          if (existing?.taskId === ctx.task.id) return;
          throw new ConflictError(
            `${fields.id}: a store with id "${request.id}" already exists; choose another name`,
          );
        }
        if (isError(error) && error.name === 'NotAllowedError') {
          // A refused cluster already names its field; any other refusal is about the owner.
          if (error.message.startsWith('cluster: ')) throw error;
          throw new NotAllowedError(`${fields.owner}: ${error.message}`);
        }
        throw error;
      }
    },
  });
}
