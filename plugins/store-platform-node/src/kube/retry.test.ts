import { ApiException } from '@kubernetes/client-node';
import { KubernetesApiError, ProvisioningAbortedError } from '../errors';
import {
  isAlreadyExists,
  isTransient,
  toKubernetesApiError,
} from './apiErrors';
import { withRetry } from './retry';

function apiError(
  code: number,
  reason: string,
  message: string,
  headers: Record<string, string> = {},
) {
  return new ApiException(
    code,
    'Unknown API Status Code!',
    { kind: 'Status', code, reason, message },
    headers,
  );
}

function networkError(code: string) {
  return Object.assign(new Error(`request failed, reason: ${code}`), {
    name: 'FetchError',
    type: 'system',
    code,
  });
}

const fast = { baseDelayMs: 1, maxDelayMs: 2 };

describe('withRetry', () => {
  it.each([
    ['429 Too Many Requests', apiError(429, 'TooManyRequests', 'slow down')],
    ['500', apiError(500, 'InternalError', 'etcd hiccup')],
    ['503', apiError(503, 'ServiceUnavailable', 'not ready')],
    ['504 timeout', apiError(504, 'Timeout', 'timed out')],
    [
      'update conflict',
      apiError(409, 'Conflict', 'the object has been modified'),
    ],
    ['connection reset', networkError('ECONNRESET')],
    ['connection timeout', networkError('ETIMEDOUT')],
    [
      'stream cut off by an API server restart',
      Object.assign(new Error('Premature close'), {
        code: 'ERR_STREAM_PREMATURE_CLOSE',
      }),
    ],
  ])('retries a transient failure (%s) and then succeeds', async (_, error) => {
    const call = jest
      .fn()
      .mockRejectedValueOnce(error)
      .mockRejectedValueOnce(error)
      .mockResolvedValue('ok');
    await expect(withRetry('apply X', call, fast)).resolves.toBe('ok');
    expect(call).toHaveBeenCalledTimes(3);
  });

  it('gives up after the bounded number of attempts with a typed error', async () => {
    const call = jest
      .fn()
      .mockRejectedValue(
        apiError(503, 'ServiceUnavailable', 'apiserver is shutting down'),
      );
    const error: any = await withRetry(
      'apply Deployment store-a/wordpress',
      call,
      { ...fast, attempts: 4 },
    ).catch((e: any) => e);
    expect(call).toHaveBeenCalledTimes(4);
    expect(error).toBeInstanceOf(KubernetesApiError);
    expect(error.message).toBe(
      'apply Deployment store-a/wordpress failed: apiserver is shutting down (HTTP 503 ServiceUnavailable)',
    );
  });

  it.each([
    [400, 'BadRequest'],
    [403, 'Forbidden'],
    [404, 'NotFound'],
    [422, 'Invalid'],
  ])(
    'does not retry %s and raises the API Status message',
    async (code, reason) => {
      const call = jest
        .fn()
        .mockRejectedValue(apiError(code, reason, `the ${reason} message`));
      const error: any = await withRetry(
        'apply Job store-a/j',
        call,
        fast,
      ).catch((e: any) => e);
      expect(call).toHaveBeenCalledTimes(1);
      expect(error).toBeInstanceOf(KubernetesApiError);
      expect(error).toMatchObject({
        statusCode: code,
        reason,
        apiMessage: `the ${reason} message`,
      });
    },
  );

  it('honours Retry-After', async () => {
    const call = jest
      .fn()
      .mockRejectedValueOnce(
        apiError(429, 'TooManyRequests', 'slow', { 'retry-after': '1' }),
      )
      .mockResolvedValue('ok');
    const started = Date.now();
    await withRetry('x', call, { baseDelayMs: 1, maxDelayMs: 5000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const call = jest
      .fn()
      .mockRejectedValue(apiError(503, 'ServiceUnavailable', 'x'));
    const pending = withRetry('apply X', call, {
      signal: controller.signal,
      baseDelayMs: 10_000,
      maxDelayMs: 10_000,
    });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toBeInstanceOf(ProvisioningAbortedError);
    expect(call).toHaveBeenCalledTimes(1);
  });
});

describe('error mapping', () => {
  it('tells AlreadyExists from an update Conflict', () => {
    expect(isAlreadyExists(apiError(409, 'AlreadyExists', 'exists'))).toBe(
      true,
    );
    expect(isAlreadyExists(apiError(409, 'Conflict', 'modified'))).toBe(false);
    expect(isTransient(apiError(409, 'AlreadyExists', 'exists'))).toBe(false);
  });

  it('never copies the request or the raw exception text into the message', () => {
    const raw = new ApiException(
      422,
      'HTTP-Code: 422 Body: {"stringData":{"mariadb-password":"s3cr3t"}}',
      {
        kind: 'Status',
        reason: 'Invalid',
        message: 'Secret "mariadb-secret" is invalid: type: Required value',
      },
      {},
    );
    const error = toKubernetesApiError(
      'apply Secret store-a/mariadb-secret',
      raw,
    );
    expect(error.message).toBe(
      'apply Secret store-a/mariadb-secret failed: Secret "mariadb-secret" is invalid: type: Required value (HTTP 422 Invalid)',
    );
    expect(error.message).not.toContain('s3cr3t');
  });

  it('explains network failures without a status', () => {
    expect(
      toKubernetesApiError('apply X', networkError('ECONNREFUSED')).message,
    ).toBe('apply X failed: could not reach the Kubernetes API (ECONNREFUSED)');
  });
});
