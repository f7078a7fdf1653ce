import { ApiException } from '@kubernetes/client-node';
import { KubernetesApiError } from '../errors';

/** The parts of a Kubernetes `Status` body we use. */
interface StatusBody {
  message?: string;
  reason?: string;
  code?: number;
}

function statusBody(body: unknown): StatusBody | undefined {
  if (typeof body === 'string') {
    try {
      return statusBody(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  if (body && typeof body === 'object' && (body as any).kind === 'Status')
    return body as StatusBody;
  return undefined;
}

/** HTTP status of an error from the client, or undefined for network errors. */
export function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  const e = error as { code?: unknown; statusCode?: unknown } | undefined;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  if (typeof e?.code === 'number') return e.code;
  return undefined;
}

/** The Status reason (`AlreadyExists`, `NotFound`, `Conflict`...) of an API error. */
export function statusReasonOf(error: unknown): string | undefined {
  return error instanceof ApiException
    ? statusBody(error.body)?.reason
    : undefined;
}

export function isNotFound(error: unknown): boolean {
  return httpStatusOf(error) === 404;
}

export function isAlreadyExists(error: unknown): boolean {
  return httpStatusOf(error) === 409 && statusReasonOf(error) !== 'Conflict';
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  // A response (typically a watch stream) cut off mid-body: the API server
  // went away, e.g. a restart. node-fetch reports it with this code.
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * Failures worth retrying: throttling (429), server errors (5xx), optimistic
 * concurrency conflicts, and broken or timed-out connections.
 */
export function isTransient(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status !== undefined) {
    return (
      status === 429 ||
      status >= 500 ||
      (status === 409 && statusReasonOf(error) === 'Conflict')
    );
  }
  const e = error as {
    code?: string;
    errno?: string;
    type?: string;
    name?: string;
    cause?: any;
  };
  const code = e?.code ?? e?.errno ?? e?.cause?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  // node-fetch wraps socket failures as FetchError type 'system'; timeouts as 'request-timeout'.
  if (
    e?.name === 'FetchError' &&
    (e.type === 'system' || e.type === 'request-timeout')
  )
    return true;
  return e?.name === 'TimeoutError';
}

/** Seconds the server asked us to wait (429 / 503 `Retry-After`). */
export function retryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const value = Number(error.headers?.['retry-after']);
  return Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
}

/**
 * A typed error for `action`, carrying the API's Status message. Only the
 * Status message is kept: never the request, which may hold a Secret.
 */
export function toKubernetesApiError(
  action: string,
  error: unknown,
): KubernetesApiError {
  if (error instanceof KubernetesApiError) return error;
  if (error instanceof ApiException) {
    const status = statusBody(error.body);
    return new KubernetesApiError(
      action,
      error.code,
      status?.reason,
      status?.message ?? `the API answered HTTP ${error.code}`,
    );
  }
  const status = httpStatusOf(error);
  if (status !== undefined) {
    // e.g. a watch refused before streaming: only the HTTP status and its text
    const text = (error as Error)?.message;
    return new KubernetesApiError(
      action,
      status,
      text || undefined,
      `the API answered HTTP ${status}`,
    );
  }
  const e = error as { code?: string; message?: string };
  const what = typeof e?.code === 'string' ? e.code : 'network error';
  return new KubernetesApiError(
    action,
    undefined,
    what,
    `could not reach the Kubernetes API (${what})`,
  );
}
