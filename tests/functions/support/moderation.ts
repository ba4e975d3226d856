import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { db, table } from '#lib/db/client';
import { type Role, user } from '#lib/db/entities';
import { runAdminCommand } from '../../../scripts/admin/command.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { request } from './conduit.ts';
import { userIdOf } from './tokens.ts';

export const REASON = { reason: 'Spam, reported three times' };

/** The moderation routes, as a moderator (or whoever `as` is) calls them. */
export const unpublishArticle = (as: RegisteredUser, slug: string, body: unknown = REASON) =>
  request('POST /api/moderation/articles/{slug}/unpublish', { token: as.token, pathParameters: { slug }, body });
export const suspend = (as: RegisteredUser, username: string, body: unknown = REASON) =>
  request('POST /api/moderation/users/{username}/suspend', { token: as.token, pathParameters: { username }, body });
export const reinstate = (as: RegisteredUser, username: string, body: unknown = { reason: 'Appeal accepted' }) =>
  request('POST /api/moderation/users/{username}/reinstate', { token: as.token, pathParameters: { username }, body });

/** A fresh user holding `role`, granted as the first admin is: with npm run admin's module function. */
export async function registerWithRole(role: Exclude<Role, 'user'>, prefix: string = role): Promise<RegisteredUser> {
  const registered = await registerFreshUser(prefix);
  await runAdminCommand({ action: 'grant', username: registered.username, role }, 'test-operator');
  return registered;
}

/** The user item as stored (consistent read). */
export async function storedUser(registered: RegisteredUser) {
  const { Item } = await db().send(new GetCommand({ TableName: table(), Key: user.key(userIdOf(registered.token)), ConsistentRead: true }));
  return Item ? user.decode(Item) : undefined;
}

export interface ListedEntry {
  id: string;
  createdAt: string;
  action: string;
  reason: string;
  actor: { username?: string | null; operator?: string | null };
  subject: { username: string | null };
  articleId?: string;
  commentId?: number;
  role?: string;
  content?: Record<string, unknown>;
}

/**
 * The audit trail as an admin lists it, newest first, every page read by `before`, keeping the entries about
 * `subjects` (other test files write entries into the same table at the same time).
 */
export async function auditEntriesAbout(admin: RegisteredUser, subjects: string[], pageSize = 100): Promise<ListedEntry[]> {
  const entries: ListedEntry[] = [];
  let before: string | undefined;
  for (;;) {
    const response = await request('GET /api/admin/audit', { token: admin.token, query: { limit: String(pageSize), ...(before && { before }) } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const page = response.body.auditEntries as ListedEntry[];
    entries.push(...page.filter((entry) => entry.subject.username !== null && subjects.includes(entry.subject.username)));
    const last = page.at(-1);
    if (!last || page.length < pageSize) return entries;
    before = last.id;
  }
}
