import { InputError } from '@backstage/errors';
import { ProvisioningAbortedError } from '../errors';
import { ProvisioningStep, RunStepsOptions } from './types';

/**
 * Refuses duplicate ids, unknown dependencies and cycles before anything runs.
 *
 * @public
 */
export function checkStepGraph(steps: ProvisioningStep[]): void {
  const ids = new Set<string>();
  for (const step of steps) {
    if (ids.has(step.id))
      throw new InputError(`step ${step.id} is defined twice`);
    ids.add(step.id);
  }
  for (const step of steps) {
    for (const dep of step.dependsOn) {
      if (!ids.has(dep))
        throw new InputError(`step ${step.id} depends on unknown step ${dep}`);
    }
  }
  const done = new Set<string>();
  let progressed = true;
  while (progressed && done.size < steps.length) {
    progressed = false;
    for (const step of steps) {
      if (!done.has(step.id) && step.dependsOn.every(d => done.has(d))) {
        done.add(step.id);
        progressed = true;
      }
    }
  }
  if (done.size < steps.length) {
    const stuck = steps.filter(s => !done.has(s.id)).map(s => s.id);
    throw new InputError(
      `steps ${stuck.join(', ')} depend on each other in a cycle`,
    );
  }
}

/**
 * Runs a DAG of steps with maximal concurrency: each step starts as soon as
 * its dependencies are done. On the first failure the other running steps
 * are aborted, awaited, and the failure is rethrown.
 *
 * @public
 */
export async function runProvisioningSteps(
  steps: ProvisioningStep[],
  options: RunStepsOptions = {},
): Promise<void> {
  checkStepGraph(steps);
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  if (options.signal?.aborted)
    throw new ProvisioningAbortedError('provisioning');
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const emit = options.onEvent ?? (() => {});
  const wrap = options.wrapStep ?? ((_step, run) => run());
  const done = new Set<string>();
  const started = new Set<string>();
  const running = new Set<Promise<void>>();
  let firstError: unknown;

  const runStep = async (step: ProvisioningStep) => {
    const startedAt = Date.now();
    emit({ stepId: step.id, title: step.title, phase: 'start' });
    try {
      await wrap(step, () =>
        step.run({
          signal: controller.signal,
          report: message =>
            emit({
              stepId: step.id,
              title: step.title,
              phase: 'progress',
              message,
            }),
        }),
      );
      done.add(step.id);
      emit({
        stepId: step.id,
        title: step.title,
        phase: 'done',
        durationMs: Date.now() - startedAt,
      });
    } catch (error) {
      emit({
        stepId: step.id,
        title: step.title,
        phase: 'failed',
        message: error instanceof Error ? error.message : String(error),
        durationMs: Date.now() - startedAt,
      });
      if (firstError === undefined) firstError = error;
      controller.abort();
    }
  };

  const startReady = () => {
    if (controller.signal.aborted) return;
    for (const step of steps) {
      if (!started.has(step.id) && step.dependsOn.every(d => done.has(d))) {
        started.add(step.id);
        const p: Promise<void> = runStep(step).then(() => {
          running.delete(p);
          startReady();
        });
        running.add(p);
      }
    }
  };

  try {
    startReady();
    while (running.size > 0) await Promise.race(running);
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
  if (firstError !== undefined) throw firstError;
  if (done.size < steps.length)
    throw new ProvisioningAbortedError('provisioning');
}
