import * as z from 'zod/mini';
import { ROLES } from '#lib/db/entities';
import { pageLimit } from '#lib/schemas/articles';
import { isTimeOrderedId } from '#lib/slug';
import { BLANK, requiredText } from '#lib/validation';

// Moderation and admin routes: extensions to the spec (README.md, "Roles and moderation").

const reason = () => requiredText(1000, { multiline: true });

/** Every moderation action says why; the reason goes into its audit entry. */
export const ReasonBody = /* @__PURE__ */ z.lazy(() => z.object({ reason: reason() }));

export const RoleBody = /* @__PURE__ */ z.lazy(() =>
  z.object({
    role: z.enum(ROLES, { error: (issue) => (issue.input == null ? BLANK : `must be one of ${ROLES.join(', ')}`) }),
    reason: reason(),
  }),
);

/** A page of the audit trail: `limit` entries older than the entry `before` (the last id of the previous page). */
export const AuditQuery = /* @__PURE__ */ z.lazy(() =>
  z.object({
    limit: pageLimit(),
    before: z.optional(z.string().check(z.refine(isTimeOrderedId, 'must be an audit entry id'))),
  }),
);
