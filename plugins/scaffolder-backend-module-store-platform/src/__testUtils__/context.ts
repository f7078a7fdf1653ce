import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject, JsonValue } from '@backstage/types';

/**
 * A mock action context with what the test-utils mock leaves out: the task's
 * AbortSignal, dry-run, and checkpoints that remember their results the way a
 * recovered task does (a key that already ran returns its stored value).
 */
export function actionContext<TInput extends JsonObject>(options: {
  input: TInput;
  taskId?: string;
  signal?: AbortSignal;
  isDryRun?: boolean;
  checkpoints?: Map<string, JsonValue | void>;
  /** The user who started the task; default `user:default/mock`. */
  initiator?: string;
}) {
  const checkpoints =
    options.checkpoints ?? new Map<string, JsonValue | void>();
  // A plain mock logger, so tests can read the task log lines it received.
  const logger = mockServices.logger.mock();
  const base = createMockActionContext<TInput>({
    logger,
    input: options.input,
    task: { id: options.taskId ?? 'task-1' },
  });
  return {
    ...base,
    logger,
    signal: options.signal,
    isDryRun: options.isDryRun,
    getInitiatorCredentials: async () =>
      mockCredentials.user(options.initiator ?? 'user:default/mock'),
    checkpointKeys: () => [...checkpoints.keys()],
    async checkpoint<T extends JsonValue | void>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> {
      if (checkpoints.has(opts.key)) return checkpoints.get(opts.key) as T;
      const value = await opts.fn();
      checkpoints.set(opts.key, value);
      return value;
    },
  };
}
