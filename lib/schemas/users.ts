import * as z from 'zod/mini';
import { BLANK, nullableText, requiredText } from '#lib/validation';

export const USERNAME_MAX = 40;

// Usernames and emails are normalized as their claim keys are (NFKC) before their lengths are checked, and
// bounded in bytes: NFKC expands some characters 18-fold, and a claim key must fit DynamoDB's 2048 bytes.
export const USERNAME_MAX_BYTES = 160;
export const EMAIL_MAX_BYTES = 1024;

const username = () =>
  requiredText(USERNAME_MAX, { normalized: true, maxKeyBytes: USERNAME_MAX_BYTES }).check(
    z.regex(/^[\p{L}\p{N}_.-]+$/u, 'may contain only letters, digits, "_", "." and "-"'),
  );
const email = () => requiredText(254, { normalized: true, maxKeyBytes: EMAIL_MAX_BYTES }).check(z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'is invalid'));

// NIST SP 800-63B: at least 8 characters, no composition rules, and long passphrases accepted.
const password = () =>
  z
    .string({ error: (issue) => (issue.input == null ? BLANK : 'must be a string') })
    .check(z.minLength(1, BLANK), z.minLength(8, 'is too short (minimum is 8 characters)'), z.maxLength(256, 'is too long (maximum is 256 characters)'));

const imageUrl = () => nullableText(2048).check(z.refine((value) => value === null || /^https?:\/\/\S+$/i.test(value), 'must be an http(s) URL'));

export const RegisterBody = /* @__PURE__ */ z.lazy(() =>
  z.object({ user: z.object({ username: username(), email: email(), password: password() }, { error: BLANK }) }),
);
export const LoginBody = /* @__PURE__ */ z.lazy(() =>
  z.object({
    user: z.object({ email: requiredText(254), password: z.string({ error: BLANK }).check(z.minLength(1, BLANK)) }, { error: BLANK }),
  }),
);
export const UpdateUserBody = /* @__PURE__ */ z.lazy(() =>
  z.object({
    user: z
      .object(
        {
          username: z.optional(username()),
          email: z.optional(email()),
          password: z.optional(password()),
          bio: z.optional(nullableText(2000, { multiline: true })),
          image: z.optional(imageUrl()),
        },
        { error: BLANK },
      )
      .check(z.refine((user) => Object.values(user).some((value) => value !== undefined), { message: 'must name at least one field to change' })),
  }),
);

export const UsernameParams = /* @__PURE__ */ z.lazy(() => z.object({ username: requiredText(200) }));
