import { CustomErrorBase } from '@backstage/errors';

/**
 * A Kubernetes API call that failed for a reason retrying cannot fix.
 * The message carries the API's own Status message (never the request body,
 * so no secret value can leak through it).
 *
 * @public
 */
export class KubernetesApiError extends CustomErrorBase {
  /** The error's name, to tell it apart without `instanceof`. */
  name = 'KubernetesApiError' as const;
  constructor(
    /** What we tried, e.g. `apply Deployment store-shop/wordpress`. */
    readonly action: string,
    /** The HTTP status, when the API answered. */
    readonly statusCode: number | undefined,
    /** The Status reason, e.g. `Forbidden`, `Invalid`, `AlreadyExists`. */
    readonly reason: string | undefined,
    /** The API's Status message. */
    readonly apiMessage: string,
  ) {
    super(
      `${action} failed: ${apiMessage}${
        statusCode ? ` (HTTP ${statusCode}${reason ? ` ${reason}` : ''})` : ''
      }`,
    );
  }
}

/**
 * A wait ran out of time; says what it waited for and what it last saw.
 *
 * @public
 */
export class WaitTimeoutError extends CustomErrorBase {
  /** The error's name, to tell it apart without `instanceof`. */
  name = 'WaitTimeoutError' as const;
  constructor(
    /** What was waited for, e.g. `Deployment store-shop/wordpress available`. */
    readonly target: string,
    /** How long it was waited for. */
    readonly timeoutMs: number,
    lastSeen?: string,
  ) {
    super(
      `timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${target}${
        lastSeen ? `; last seen: ${lastSeen}` : ''
      }`,
    );
  }
}

/**
 * What was waited for can no longer succeed, e.g. ImagePullBackOff or a failed Job.
 *
 * @public
 */
export class WaitFailedError extends CustomErrorBase {
  /** The error's name, to tell it apart without `instanceof`. */
  name = 'WaitFailedError' as const;
  constructor(
    /** What was waited for. */
    readonly target: string,
    /** Short reason: ImagePullBackOff, CrashLoopBackOff, Unschedulable, quota exceeded, Job failed. */
    readonly reason: string,
    /** What Kubernetes said about it (the pod's or Job's condition message). */
    readonly detail: string,
    /** The failing pod's last log lines, when they could be read. */
    readonly logTail?: string,
  ) {
    super(
      `${target} failed: ${reason}: ${detail}${
        logTail ? `\nlast log lines:\n${logTail}` : ''
      }`,
    );
  }
}

/**
 * The requested engine exists in the contract but cannot provision (yet).
 *
 * @public
 */
export class EngineNotAvailableError extends CustomErrorBase {
  /** The error's name, to tell it apart without `instanceof`. */
  name = 'EngineNotAvailableError' as const;
}

/**
 * The AbortSignal fired before the work finished.
 *
 * @public
 */
export class ProvisioningAbortedError extends CustomErrorBase {
  /** The error's name, to tell it apart without `instanceof`. */
  name = 'ProvisioningAbortedError' as const;
  constructor(what: string) {
    super(`${what} was aborted`);
  }
}

/**
 * Namespace `store-<id>` exists but is not this install's: another install's, or no install's.
 * It is neither adopted nor deleted; the message says who owns it and what to do.
 *
 * @public
 */
export class ForeignNamespaceError extends CustomErrorBase {
  /** The error's name, to tell it apart without `instanceof`. */
  name = 'ForeignNamespaceError' as const;
}
