import { ScaffolderApi } from '@backstage/plugin-scaffolder-react';

/** How often the delete dialog asks the scaffolder whether the backup is done. */
export const BACKUP_POLL_INTERVAL_MS = 2000;

const ENDED = ['completed', 'failed', 'cancelled', 'skipped'];

/**
 * Runs the store-backup template for `storeId` as the signed-in user and
 * waits for its task to end. `onStarted` gets the task id at once, so the
 * dialog can link to its log. Rejects, saying so, unless the task completed;
 * stops waiting (and rejects) when `signal` aborts, e.g. the dialog went away.
 */
export async function runBackup(
  scaffolderApi: ScaffolderApi,
  storeId: string,
  options: {
    onStarted: (taskId: string) => void;
    signal: AbortSignal;
    pollIntervalMs?: number;
  },
): Promise<void> {
  const { taskId } = await scaffolderApi.scaffold({
    templateRef: 'template:default/store-backup',
    values: { name: storeId },
  });
  options.onStarted(taskId);
  for (;;) {
    if (options.signal.aborted) {
      throw new Error(
        'Stopped waiting for the backup; the store was not deleted',
      );
    }
    const task = await scaffolderApi.getTask(taskId);
    if (task.status === 'completed') return;
    if (ENDED.includes(task.status)) {
      throw new Error(
        `The backup ${
          task.status === 'failed' ? 'failed' : `was ${task.status}`
        }; the store was not deleted. Its task log says why.`,
      );
    }
    await new Promise(resolve =>
      setTimeout(resolve, options.pollIntervalMs ?? BACKUP_POLL_INTERVAL_MS),
    );
  }
}
