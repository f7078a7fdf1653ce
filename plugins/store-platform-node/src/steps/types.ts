/**
 * What a running step may use.
 *
 * @public
 */
export interface StepContext {
  /** Aborts the work (e.g. the scaffolder task was cancelled). */
  signal: AbortSignal;
  /** Progress in words, e.g. `waiting for StatefulSet mariadb: 0/1 ready`. */
  report(message: string): void;
}

/**
 * One unit of provisioning; it starts when every step in `dependsOn` is done.
 *
 * @public
 */
export interface ProvisioningStep {
  /** The step's id, in the task log's events. */
  id:
    | 'namespace'
    | 'database'
    | 'storefront'
    | 'ingress'
    | 'bootstrap'
    | (string & {});
  /** What the task log calls it. */
  title: string;
  /** The steps that must be done before it starts. */
  dependsOn: string[];
  /** Does the step; throws to fail it. */
  run(ctx: StepContext): Promise<void>;
}

/**
 * What happens to a step, for the task log.
 *
 * @public
 */
export interface StepEvent {
  /** Which step. */
  stepId: string;
  /** What the task log calls it. */
  title: string;
  /** Where the step is. */
  phase: 'start' | 'progress' | 'done' | 'failed';
  /** What it says (progress, or why it failed). */
  message?: string;
  /** How long it took, once done or failed. */
  durationMs?: number;
}

/**
 * Options of {@link runProvisioningSteps}.
 *
 * @public
 */
export interface RunStepsOptions {
  /** Aborts the work (e.g. the scaffolder task was cancelled). */
  signal?: AbortSignal;
  /** Called as each step starts, reports, ends or fails. */
  onEvent?: (event: StepEvent) => void;
  /** Wraps each step's work, e.g. in the scaffolder's `ctx.checkpoint`. */
  wrapStep?: (
    step: ProvisioningStep,
    run: () => Promise<void>,
  ) => Promise<void>;
}
