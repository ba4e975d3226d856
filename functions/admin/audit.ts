import { auditPage } from '#lib/db/audit';
import { confirmRole } from '#lib/db/roles';
import { usernamesOf } from '#lib/db/users';
import { route } from '#lib/http/route';
import { toAuditEntry } from '#lib/mappers/audit';
import { AuditQuery } from '#lib/schemas/moderation';
import { AuditPageResponse } from '#lib/schemas/responses';

// GET /api/admin/audit
export const handler = route({ role: 'admin', query: AuditQuery, response: AuditPageResponse, extension: true }, async ({ query, actor, viewer }) => {
  const [, entries] = await Promise.all([confirmRole(actor, viewer.user), auditPage(query.limit, query.before)]);
  const usernames = await usernamesOf(entries.flatMap((entry) => [entry.subjectId, ...(entry.actorId ? [entry.actorId] : [])]));
  return { auditEntries: entries.map((entry) => toAuditEntry(entry, usernames)) };
});
