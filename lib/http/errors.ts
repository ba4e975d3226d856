export type FieldErrors = Record<string, string[]>;

/** An error a client caused; the error middleware turns it into `{"errors": {...}}` with its status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errors: FieldErrors,
  ) {
    super(Object.entries(errors).map(([field, messages]) => `${field} ${messages.join(', ')}`).join('; '));
    this.name = 'HttpError';
  }
}

export const Invalid = (errors: FieldErrors) => new HttpError(422, errors);
export const Unauthorized = (reason = 'is missing') => new HttpError(401, { token: [reason] });
export const InvalidCredentials = () => new HttpError(401, { credentials: ['invalid'] });
export const Forbidden = (resource: string) => new HttpError(403, { [resource]: ['forbidden'] });
export const NotFound = (resource: string) => new HttpError(404, { [resource]: ['not found'] });
export const Conflict = (field: string, message = 'has already been taken') => new HttpError(409, { [field]: [message] });
export const PayloadTooLarge = (limit: number) => new HttpError(413, { body: [`is larger than ${limit} bytes`] });
