import * as z from 'zod/mini';
import type { FieldErrors } from '#lib/errors';

// Schemas use zod/mini: the same validation as classic zod, tree-shaken to what is used, which keeps
// every handler's bundle a few hundred KiB smaller (tests/unit/bundle-size.test.ts).

export const BLANK = "can't be blank";

const stringError = (issue: { input?: unknown }) => (issue.input == null ? BLANK : 'must be a string');
const tooLong = (max: number) => `is too long (maximum is ${max} characters)`;

/** A required, trimmed, non-empty string of at most `max` characters. */
export const requiredText = (max: number) => z.string({ error: stringError }).check(z.trim(), z.minLength(1, BLANK), z.maxLength(max, tooLong(max)));

/** A string that may be null; "" is stored as null, as the spec asks for `bio` and `image`. */
export const nullableText = (max: number) =>
  z.pipe(
    z.nullable(z.string({ error: (issue) => (issue.input === undefined ? BLANK : 'must be a string or null') }).check(z.trim(), z.maxLength(max, tooLong(max)))),
    z.transform((value: string | null) => (value === '' ? null : value)),
  );

/** Turns zod issues into RealWorld's field-keyed errors: the field is the last named segment of the path. */
export function fieldErrors(error: z.core.$ZodError, fallbackField = 'body'): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const named = issue.path.filter((segment): segment is string => typeof segment === 'string');
    const field = named.at(-1) ?? fallbackField;
    const messages = (errors[field] ??= []);
    if (!messages.includes(issue.message)) messages.push(issue.message);
  }
  return errors;
}
