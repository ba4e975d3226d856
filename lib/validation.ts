import * as z from 'zod/mini';
import type { FieldErrors } from '#lib/errors';

// Schemas use zod/mini: the same validation as classic zod, tree-shaken to what is used, which keeps
// every handler's bundle a few hundred KiB smaller (tests/unit/bundle-size.test.ts). The schemas modules
// export are z.lazy (and entities' schemas thunks): a handler's cold start builds only those its route uses,
// on first use, not every schema of every module it imports (tests/unit/lib/schemas/lazy.test.ts).

export const BLANK = "can't be blank";

const stringError = (issue: { input?: unknown }) => (issue.input == null ? BLANK : 'must be a string');
const tooLong = (max: number) => `is too long (maximum is ${max} characters)`;

const utf8Bytes = (value: string) => Buffer.byteLength(value, 'utf8');

// In unicode mode a class of surrogates matches only a lone one: a well-formed pair is one code point.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const BIDI_OVERRIDE = /[\u202A-\u202E\u2066-\u2069]/u;
// C0 and C1 controls and DEL; multi-line text may keep newlines and tabs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are refused
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above
const CONTROL_IN_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
export const FORBIDDEN_CHARACTERS = 'must not contain control characters, unpaired surrogates or bidirectional overrides';

/** Refuses what has no business in stored text: controls (bar newlines and tabs in `multiline` text), lone surrogates, bidi overrides. */
const printable = (multiline: boolean) =>
  z.refine<string>(
    (value) => !(multiline ? CONTROL_IN_LINES : CONTROL).test(value) && !LONE_SURROGATE.test(value) && !BIDI_OVERRIDE.test(value),
    FORBIDDEN_CHARACTERS,
  );

export interface TextOptions {
  /** Newlines and tabs allowed (bodies, comments, bio). */
  multiline?: boolean;
  /** NFKC-normalized before the length checks, so the length checked is the length stored. */
  normalized?: boolean;
  /** A bound in UTF-8 bytes of the lower-cased value: a value that becomes part of a DynamoDB key. */
  maxKeyBytes?: number;
}

/** A required, trimmed, non-empty string of at most `max` characters of printable text. */
export const requiredText = (max: number, options: TextOptions = {}) =>
  z
    .string({ error: stringError })
    .check(
      ...(options.normalized ? [z.normalize('NFKC')] : []),
      z.trim(),
      z.minLength(1, BLANK),
      z.maxLength(max, tooLong(max)),
      printable(options.multiline ?? false),
      ...(options.maxKeyBytes === undefined ? [] : [keyBytes(options.maxKeyBytes)]),
    );

const keyBytes = (max: number) => z.refine<string>((value) => utf8Bytes(value.toLowerCase()) <= max, `is too long (maximum is ${max} bytes)`);

/** A string that may be null; "" is stored as null, as the spec asks for `bio` and `image`. */
export const nullableText = (max: number, { multiline = false } = {}) =>
  z.pipe(
    z.nullable(
      z
        .string({ error: (issue) => (issue.input === undefined ? BLANK : 'must be a string or null') })
        .check(z.trim(), z.maxLength(max, tooLong(max)), printable(multiline)),
    ),
    z.transform((value: string | null) => (value === '' ? null : value)),
  );

/** Turns zod issues into RealWorld's field-keyed errors: the field is the last named segment of the path. */
export function fieldErrors(error: z.core.$ZodError, fallbackField = 'body'): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const named = issue.path.filter((segment): segment is string => typeof segment === 'string');
    const field = named.at(-1) ?? fallbackField;
    const messages = errors[field] ?? [];
    if (!messages.includes(issue.message)) errors[field] = [...messages, issue.message];
  }
  return errors;
}
