import * as z from 'zod/mini';
import { ROLES } from '#lib/db/entities';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '#lib/schemas/articles';
import { isTimeOrderedId } from '#lib/slug';
import { BLANK, requiredText } from '#lib/validation';

// Moderation and admin routes: extensions to the spec (README.md, "Roles and moderation").

const reason = () => requiredText(1000, { multiline: true });

/** Every moderation action says why; the reason goes into its audit entry. */
export const ReasonBody = z.lazy(() => z.object({ reason: reason() }));

export const RoleBody = z.lazy(() =>
  z.object({
    role: z.enum(ROLES, { error: (issue) => (issue.input == null ? BLANK : `must be one of ${ROLES.join(', ')}`) }),
    reason: reason(),
  }),
);

const limit = () =>
  z.pipe(
    z.optional(
      z.pipe(
        z.pipe(z.string().check(z.regex(/^\d+$/, 'must be a whole number')), z.transform(Number)),
        z.number().check(z.int(), z.minimum(1, 'must be at least 1'), z.maximum(PAGE_LIMIT_MAX, `must be at most ${PAGE_LIMIT_MAX}`)),
      ),
    ),
    z.transform((value: number | undefined) => value ?? PAGE_LIMIT_DEFAULT),
  );

/** A page of the audit trail: `limit` entries older than the entry `before` (the last id of the previous page). */
export const AuditQuery = z.lazy(() =>
  z.object({
    limit: limit(),
    before: z.optional(z.string().check(z.refine(isTimeOrderedId, 'must be an audit entry id'))),
  }),
);
