import { JsonObject } from '@backstage/types';
import {
  CreateStoreRequest,
  StoreStatus,
} from '@store-platform/plugin-store-platform-common';
import { actionContext } from './context';
import { FakeRegistry } from './fakes';

/** The store the action tests work on. */
export const STORE_ID = 'summer-sale';
export const SHOP_TEAM = 'group:default/shop-team';

/**
 * A registry holding store summer-sale of the shop team, taken through the
 * real state machine to `status` (a suspended store was ready first; a
 * pending one stays as registered). The transitions that got it there are
 * forgotten, so a test sees only those its action made.
 */
export async function registryWithStore(
  status: Extract<
    StoreStatus,
    'pending' | 'ready' | 'failed' | 'suspended'
  > = 'ready',
  options: Partial<Omit<CreateStoreRequest, 'id'>> & {
    /** The status message of the last transition. */
    message?: string;
  } = {},
): Promise<FakeRegistry> {
  const { message, ...request } = options;
  const registry = new FakeRegistry();
  await registry.register({
    id: STORE_ID,
    engine: 'woocommerce',
    owner: SHOP_TEAM,
    taskId: 'task-0',
    ...request,
  });
  const path: StoreStatus[] = {
    pending: [],
    ready: ['provisioning', 'ready'],
    failed: ['provisioning', 'failed'],
    suspended: ['provisioning', 'ready', 'suspended'],
  }[status] as StoreStatus[];
  for (const [i, next] of path.entries()) {
    await registry.transition(STORE_ID, {
      status: next,
      message: i === path.length - 1 ? message : undefined,
    });
  }
  registry.transitions.length = 0;
  return registry;
}

/**
 * Starts `action` on `input`, by default as task `task-<operation>` (task-suspend
 * for store:suspend): the context, to read its outputs and log, and the
 * handler's promise.
 */
export function runAction<TInput extends JsonObject>(
  action: { id: string; handler(ctx: any): Promise<void> },
  input: TInput,
  options: Omit<Parameters<typeof actionContext<TInput>>[0], 'input'> = {},
) {
  const ctx = actionContext({
    input,
    taskId: `task-${action.id.replace(/^store:/, '')}`,
    ...options,
  });
  return { ctx, done: action.handler(ctx) };
}

/** The lines the action wrote to its task log at info level, in order. */
export function infoLines(ctx: ReturnType<typeof actionContext>): string[] {
  return (ctx.logger.info as jest.Mock).mock.calls.map(c => String(c[0]));
}
