import {
  ProvisioningAbortedError,
  WaitFailedError,
  WaitTimeoutError,
} from '../errors';
import { PodProblem } from './podProblems';

/**
 * How long a wait may take, and what aborts it.
 *
 * @public
 */
export interface WaitOptions {
  /** Aborts the work (e.g. the scaffolder task was cancelled). */
  signal?: AbortSignal;
  /** How long it may take. */
  timeoutMs: number;
  /** Progress in words, e.g. `waiting for StatefulSet mariadb: 0/1 ready`. */
  onProgress?(message: string): void;
  /** How long a pod may stay Unschedulable (e.g. while its volume binds) before failing. */
  unschedulableGraceMs?: number;
  /**
   * When to start watching pods and events for problems (ImagePullBackOff,
   * quota exceeded...). Default 10 s: waits that succeed quickly cost no extra requests.
   */
  diagnosticsDelayMs?: number;
}

/** What the watchers of one wait share. */
export interface WaitContext {
  /** Aborts the work (e.g. the scaffolder task was cancelled). */
  signal: AbortSignal;
  /** Records a problem; fatal ones end the wait at once. */
  problem(key: string, problem: PodProblem | undefined): void;
  progress(message: string): void;
  diagnosticsDelayMs: number;
}

/**
 * Runs `watchers` (the target's watch resolves the wait; the others report
 * problems) under one timeout and signal. On timeout, the last problem seen,
 * if any, is the reason given.
 */
export async function waitFor<R>(
  target: string,
  options: WaitOptions,
  watchers: (ctx: WaitContext) => Array<Promise<R | never>>,
): Promise<R> {
  const inner = new AbortController();
  const outer = options.signal;
  const problems = new Map<string, PodProblem & { since: number }>();
  let lastProgress: string | undefined;
  const grace = options.unschedulableGraceMs ?? 120_000;
  let failWith: (e: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    failWith = reject;
  });
  const graceTimers: NodeJS.Timeout[] = [];

  const ctx: WaitContext = {
    signal: inner.signal,
    diagnosticsDelayMs: options.diagnosticsDelayMs ?? 10_000,
    problem(key, problem) {
      if (!problem) {
        problems.delete(key);
        return;
      }
      const previous = problems.get(key);
      const since =
        previous?.reason === problem.reason ? previous.since : Date.now();
      problems.set(key, { ...problem, since });
      if (problem.fatal) {
        failWith(new WaitFailedError(target, problem.reason, problem.detail));
      } else if (!previous || previous.reason !== problem.reason) {
        graceTimers.push(
          setTimeout(() => {
            const current = problems.get(key);
            if (
              current &&
              current.reason === problem.reason &&
              current.since === since
            ) {
              failWith(
                new WaitFailedError(target, current.reason, current.detail),
              );
            }
          }, grace),
        );
      }
    },
    progress(message) {
      if (message === lastProgress) return;
      lastProgress = message;
      options.onProgress?.(message);
    },
  };

  const timeout = setTimeout(() => {
    const problem = [...problems.values()].pop();
    failWith(
      problem
        ? new WaitFailedError(
            target,
            problem.reason,
            `${problem.detail} (still so after ${Math.round(
              options.timeoutMs / 1000,
            )}s)`,
          )
        : new WaitTimeoutError(target, options.timeoutMs, lastProgress),
    );
  }, options.timeoutMs);
  const onAbort = () =>
    failWith(new ProvisioningAbortedError(`waiting for ${target}`));
  if (outer?.aborted) onAbort();
  outer?.addEventListener('abort', onAbort, { once: true });

  try {
    return await Promise.race([failed, ...watchers(ctx)]);
  } finally {
    clearTimeout(timeout);
    graceTimers.forEach(clearTimeout);
    outer?.removeEventListener('abort', onAbort);
    inner.abort();
  }
}
