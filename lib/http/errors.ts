import { Conflict, DomainError, type FieldErrors, Forbidden, Invalid, NotFound, TooLarge, TooManyRequests, Unauthenticated } from '#lib/errors';

/** An error as the client sees it: a status and RealWorld's `{"errors": {...}}` body. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errors: FieldErrors,
    /** Headers the answer carries besides the body's (`Retry-After` on a 429). */
    readonly headers: Record<string, string> = {},
  ) {
    super(
      Object.entries(errors)
        .map(([field, messages]) => `${field} ${messages.join(', ')}`)
        .join('; '),
    );
    this.name = 'HttpError';
  }
}

const statuses: [new (...args: never[]) => DomainError, number][] = [
  [Invalid, 422],
  [Unauthenticated, 401],
  [Forbidden, 403],
  [NotFound, 404],
  [Conflict, 409],
  [TooLarge, 413],
  [TooManyRequests, 429],
];

/** The one mapping from the app's errors to HTTP; undefined for anything else (a 500). */
export function httpErrorOf(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (!(error instanceof DomainError)) return undefined;
  const status = statuses.find(([type]) => error instanceof type)?.[1];
  if (status === undefined) return undefined;
  const headers: Record<string, string> = error instanceof TooManyRequests ? { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) } : {};
  return new HttpError(status, error.errors, headers);
}
