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
  id:
    | 'namespace'
    | 'database'
    | 'storefront'
    | 'ingress'
    | 'bootstrap'
    | (string & {});
  title: string;
  dependsOn: string[];
  run(ctx: StepContext): Promise<void>;
}

/** @public */
export interface StepEvent {
  stepId: string;
  title: string;
  phase: 'start' | 'progress' | 'done' | 'failed';
  message?: string;
  durationMs?: number;
}

/** @public */
export interface RunStepsOptions {
  /** Aborts the work (e.g. the scaffolder task was cancelled). */
  signal?: AbortSignal;
  onEvent?: (event: StepEvent) => void;
  /** Wraps each step's work, e.g. in the scaffolder's `ctx.checkpoint`. */
  wrapStep?: (
    step: ProvisioningStep,
    run: () => Promise<void>,
  ) => Promise<void>;
}
