import { LoggerService } from '@backstage/backend-plugin-api';
import { StepEvent } from './ports';

/** Seconds with one decimal, as the task log shows durations. */
export function formatDuration(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Turns provisioning progress into task-log lines a user can follow:
 * each step starts, says what it waits for, and finishes with its duration.
 */
export function stepEventLine(event: StepEvent): string {
  switch (event.phase) {
    case 'start':
      return `▶ ${event.title}: started`;
    case 'progress':
      return `  ${event.title}: ${event.message ?? ''}`.trimEnd();
    case 'done':
      return `✔ ${event.title}: done in ${formatDuration(
        event.durationMs ?? 0,
      )}`;
    case 'failed':
      return `✖ ${event.title}: failed after ${formatDuration(
        event.durationMs ?? 0,
      )}${event.message ? `: ${event.message}` : ''}`;
    default:
      return `${event.title}`;
  }
}

/** Writes step events to the task log (the action's logger). */
export function taskLogWriter(logger: LoggerService) {
  return (event: StepEvent) => {
    const line = stepEventLine(event);
    if (event.phase === 'failed') logger.error(line);
    else logger.info(line);
  };
}

/** Times a section of work that is not an engine step (e.g. the catalog), in the same format. */
export async function section<T>(
  log: (event: StepEvent) => void,
  stepId: string,
  title: string,
  work: (progress: (message: string) => void) => Promise<T>,
): Promise<T> {
  const started = Date.now();
  log({ stepId, title, phase: 'start' });
  try {
    const result = await work(message =>
      log({ stepId, title, phase: 'progress', message }),
    );
    log({ stepId, title, phase: 'done', durationMs: Date.now() - started });
    return result;
  } catch (error) {
    log({
      stepId,
      title,
      phase: 'failed',
      durationMs: Date.now() - started,
      message: (error as Error).message,
    });
    throw error;
  }
}
