import { z } from 'zod';
import type { FieldErrors } from '#lib/errors';

export const BLANK = "can't be blank";

const stringError = (issue: { input?: unknown }) => (issue.input == null ? BLANK : 'must be a string');

/** A required, trimmed, non-empty string of at most `max` characters. */
export const requiredText = (max: number) =>
  z.string({ error: stringError }).trim().min(1, BLANK).max(max, `is too long (maximum is ${max} characters)`);

/** A string that may be null; "" is stored as null, as the spec asks for `bio` and `image`. */
export const nullableText = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? BLANK : 'must be a string or null') })
    .trim()
    .max(max, `is too long (maximum is ${max} characters)`)
    .nullable()
    .transform((value) => (value === '' ? null : value));

/** Turns zod issues into RealWorld's field-keyed errors: the field is the last named segment of the path. */
export function fieldErrors(error: z.ZodError, fallbackField = 'body'): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const named = issue.path.filter((segment): segment is string => typeof segment === 'string');
    const field = named.at(-1) ?? fallbackField;
    const messages = (errors[field] ??= []);
    if (!messages.includes(issue.message)) messages.push(issue.message);
  }
  return errors;
}
