import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BLANK, fieldErrors, nullableText, requiredText } from '#lib/validation';

// Any zod schema: lib's are zod/mini's, this file builds classic ones.
const issuesOf = (schema: z.core.$ZodType, value: unknown) => {
  const result = z.safeParse(schema, value);
  if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return result.error;
};

describe('fieldErrors', () => {
  it('keys each message by the last named segment of its path', () => {
    const schema = z.object({ user: z.object({ email: z.string(), profile: z.object({ bio: z.string() }) }) });
    expect(fieldErrors(issuesOf(schema, { user: { email: 1, profile: { bio: 2 } } }))).toEqual({
      email: [expect.any(String)],
      bio: [expect.any(String)],
    });
  });

  it('skips array indexes, so an element error is keyed by the array field', () => {
    const schema = z.object({ article: z.object({ tagList: z.array(z.string('must be a string')) }) });
    expect(fieldErrors(issuesOf(schema, { article: { tagList: ['ok', 3] } }))).toEqual({ tagList: ['must be a string'] });
  });

  it('keys an error on the whole value by the fallback field, "body" unless told', () => {
    const schema = z.object({ user: z.object({}) }, 'is not an object');
    expect(fieldErrors(issuesOf(schema, 'text'))).toEqual({ body: ['is not an object'] });
    expect(fieldErrors(issuesOf(schema, 'text'), 'query')).toEqual({ query: ['is not an object'] });
  });

  it('lists every distinct message of a field once, in order', () => {
    const schema = z.object({
      password: z
        .string()
        .min(8, 'is too short')
        .regex(/\d/, 'needs a digit')
        .refine((value) => value !== 'short', 'is too short'),
    });
    expect(fieldErrors(issuesOf(schema, { password: 'short' }))).toEqual({ password: ['is too short', 'needs a digit'] });
  });

  it('reports several fields at once', () => {
    const schema = z.object({ username: requiredText(10), email: requiredText(10) });
    expect(fieldErrors(issuesOf(schema, {}))).toEqual({ username: [BLANK], email: [BLANK] });
  });
});

describe('requiredText', () => {
  const text = requiredText(5);

  it('trims', () => {
    expect(text.parse('  abc  ')).toBe('abc');
  });

  it.each([[undefined], [null], [''], ['   ']])('refuses %j as "can\'t be blank"', (value) => {
    expect(issuesOf(text, value).issues.map((issue) => issue.message)).toEqual([BLANK]);
  });

  it('refuses a number as "must be a string"', () => {
    expect(issuesOf(text, 42).issues[0]!.message).toBe('must be a string');
  });

  it('refuses more than the maximum, counted after trimming', () => {
    expect(text.parse(' abcde ')).toBe('abcde');
    expect(issuesOf(text, 'abcdef').issues[0]!.message).toBe('is too long (maximum is 5 characters)');
  });
});

describe('nullableText', () => {
  const text = nullableText(5);

  it('stores "" and blank text as null', () => {
    expect(text.parse('')).toBeNull();
    expect(text.parse('   ')).toBeNull();
  });

  it('accepts null and trims text', () => {
    expect(text.parse(null)).toBeNull();
    expect(text.parse(' hi ')).toBe('hi');
  });

  it('refuses undefined as "can\'t be blank" (optional fields say .optional()) and a number as the wrong type', () => {
    expect(issuesOf(text, undefined).issues[0]!.message).toBe(BLANK);
    expect(issuesOf(text, 1).issues[0]!.message).toBe('must be a string or null');
  });

  it('refuses more than the maximum', () => {
    expect(issuesOf(text, 'abcdef').issues[0]!.message).toBe('is too long (maximum is 5 characters)');
  });
});
