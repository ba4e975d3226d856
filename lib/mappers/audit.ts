import type { AuditEntry } from '#lib/db/audit';

/** An audit entry as admins read it; users are named by their current username (null once a user is gone). */
export const toAuditEntry = (entry: AuditEntry, usernames: Map<string, string>) => ({
  id: entry.auditId,
  createdAt: entry.createdAt,
  action: entry.action,
  reason: entry.reason,
  actor: entry.actorId ? { username: usernames.get(entry.actorId) ?? null } : { operator: entry.operator ?? null },
  subject: { username: usernames.get(entry.subjectId) ?? null },
  ...(entry.articleId !== undefined && { articleId: entry.articleId }),
  ...(entry.commentId !== undefined && { commentId: entry.commentId }),
  ...(entry.role !== undefined && { role: entry.role }),
  ...(entry.content !== undefined && { content: entry.content }),
});
