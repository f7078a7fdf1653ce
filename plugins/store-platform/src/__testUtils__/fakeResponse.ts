import { ResponseError } from '@backstage/errors';

/**
 * A minimal fetch Response: enough for the client and for
 * ResponseError.fromResponse, without depending on the test environment
 * providing the fetch globals.
 */
export function fakeResponse(status: number, body: unknown): Response {
  const text = JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: `status ${status}`,
    url: 'http://localhost/api/store-platform',
    redirected: false,
    type: 'basic',
    headers: {
      get: (name: string) =>
        name.toLowerCase() === 'content-type' ? 'application/json' : null,
    },
    json: async () => JSON.parse(text),
    text: async () => text,
  } as unknown as Response;
}

/** A backend error response in Backstage's error shape. */
export function errorResponse(
  statusCode: number,
  name: string,
  message: string,
): Response {
  return fakeResponse(statusCode, {
    error: { name, message },
    response: { statusCode },
  });
}

/** The ResponseError the client throws for such a response. */
export function aResponseError(
  statusCode: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(errorResponse(statusCode, name, message));
}
