// What went wrong, in the app's own terms. Thrown from anywhere (the data layer, slugs, middleware); this module
// knows nothing of HTTP: lib/http/errors.ts is the one place that gives each class its status.

/** Messages by the field they concern, the shape RealWorld clients read: `{ username: ['has already been taken'] }`. */
export type FieldErrors = Record<string, string[]>;

export abstract class DomainError extends Error {
  constructor(readonly errors: FieldErrors) {
    super(
      Object.entries(errors)
        .map(([field, messages]) => `${field} ${messages.join(', ')}`)
        .join('; '),
    );
    this.name = new.target.name;
  }
}

/** The thing named does not exist (or the caller may not know it does). */
export class NotFound extends DomainError {
  constructor(resource: string) {
    super({ [resource]: ['not found'] });
  }
}

/** The caller may not do this to the thing named (or may not do it at all: a suspended `user`). */
export class Forbidden extends DomainError {
  constructor(resource: string, reason = 'forbidden') {
    super({ [resource]: [reason] });
  }
}

/** The change would break a uniqueness rule; every field named is taken. */
export class Conflict extends DomainError {
  constructor(fields: string[], message = 'has already been taken') {
    super(Object.fromEntries(fields.map((field) => [field, [message]])));
  }
}

/** The input breaks a rule of the app. */
export class Invalid extends DomainError {}

/** The caller is not who it claims to be (no token, a bad one, or one whose user is gone). */
export class Unauthenticated extends DomainError {
  constructor(reason = 'is missing', field = 'token') {
    super({ [field]: [reason] });
  }
}

/** The request is larger than the app accepts. */
export class TooLarge extends DomainError {
  constructor(limit: number) {
    super({ body: [`is larger than ${limit} bytes`] });
  }
}

/** The caller has done this too often; it may try again after `retryAfterSeconds`. */
export class TooManyRequests extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    field: string,
    message = 'too many requests, try again later',
  ) {
    super({ [field]: [message] });
  }
}
