import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';

const TYPED: Record<number, new (message: string, cause?: Error) => Error> = {
  400: InputError,
  401: AuthenticationError,
  403: NotAllowedError,
  404: NotFoundError,
  409: ConflictError,
};

/**
 * Turns a failed response of the store API into the Backstage error the
 * server threw (InputError for 400, ConflictError for 409, ...), keeping the
 * server's message; other statuses stay a `ResponseError` (`@backstage/errors`).
 *
 * @public
 */
export async function errorFromResponse(response: Response): Promise<Error> {
  const responseError = await ResponseError.fromResponse(response);
  const Typed = TYPED[response.status];
  if (!Typed) return responseError;
  return new Typed(responseError.body.error.message, responseError);
}
