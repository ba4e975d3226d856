import { beforeAll, describe, expect, it } from 'vitest';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { createArticle } from '../support/articles.ts';
import { measured, noteBudget, signedInRounds } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { auditEntriesAbout, registerWithRole, reinstate, storedUser, suspend, unpublishArticle } from '../support/moderation.ts';
import { userIdOf } from '../support/tokens.ts';

const setRole = (admin: RegisteredUser, username: string, role: string, reason = 'Trusted community member') =>
  request('PUT /api/admin/users/{username}/role', { token: admin.token, pathParameters: { username }, body: { role, reason } });
const audit = (admin: RegisteredUser, query: Record<string, string> = {}) => request('GET /api/admin/audit', { token: admin.token, query });

describe('PUT /api/admin/users/{username}/role', () => {
  let admin: RegisteredUser;
  beforeAll(async () => {
    admin = await registerWithRole('admin');
  });

  it('grants moderator (who can then moderate) and revokes it (who then cannot)', async () => {
    const [candidate, author] = await Promise.all([registerFreshUser('candidate'), registerFreshUser('author')]);
    const [first, second] = [await createArticle(author.token), await createArticle(author.token)];
    const unpublish = (slug: string) => unpublishArticle(candidate, slug);

    expect((await unpublish(first.slug)).status).toBe(403);
    expect((await setRole(admin, candidate.username, 'moderator')).status).toBe(204);
    expect((await storedUser(candidate))?.role).toBe('moderator');
    expect((await unpublish(first.slug)).status).toBe(204);

    expect((await setRole(admin, candidate.username, 'user', 'Inactive')).status).toBe(204);
    expect(await storedUser(candidate)).not.toHaveProperty('role');
    expect((await unpublish(second.slug)).status).toBe(403);
  });

  it('setting the role already held changes nothing and records nothing', async () => {
    const member = await registerWithRole('moderator', 'member');
    expect((await setRole(admin, member.username, 'moderator')).status).toBe(204);
    expect((await setRole(admin, member.username, 'moderator')).status).toBe(204);
    expect((await auditEntriesAbout(admin, [member.username])).map((entry) => entry.action)).toEqual(['role.grant']);
  });

  it('refuses an admin changing their own role, an unknown user and an unknown role', async () => {
    const own = await setRole(admin, admin.username, 'user');
    expect(own.status).toBe(403);
    expect(own.body).toEqual({ errors: { role: ['cannot be changed by its holder'] } });
    expect((await storedUser(admin))?.role).toBe('admin');
    expect((await setRole(admin, 'nobody-by-this-name', 'moderator')).body).toEqual({ errors: { user: ['not found'] } });
    const unknown = await setRole(admin, 'nobody-by-this-name', 'superuser');
    expect(unknown.status).toBe(422);
    expect(unknown.body).toEqual({ errors: { role: ['must be one of user, moderator, admin'] } });
  });
});

describe('GET /api/admin/audit', () => {
  let admin: RegisteredUser;
  let moderator: RegisteredUser;
  beforeAll(async () => {
    [admin, moderator] = await Promise.all([registerWithRole('admin'), registerWithRole('moderator')]);
  });

  it('lists one entry per action, newest first, with who, what, whom, when and why', async () => {
    const [member, author] = await Promise.all([registerFreshUser('member'), registerFreshUser('author')]);
    const article = await createArticle(author.token);
    const actions: [string, () => ReturnType<typeof request>][] = [
      ['role.grant', () => setRole(admin, member.username, 'moderator', 'one')],
      ['role.revoke', () => setRole(admin, member.username, 'user', 'two')],
      ['user.suspend', () => suspend(moderator, member.username, { reason: 'three' })],
      ['user.reinstate', () => reinstate(moderator, member.username, { reason: 'four' })],
      ['article.unpublish', () => unpublishArticle(moderator, article.slug, { reason: 'five' })],
    ];
    const startedAt = new Date().toISOString();
    for (const [, act] of actions) expect((await act()).status).toBe(204);

    const entries = await auditEntriesAbout(admin, [member.username, author.username]);
    expect(entries.map((entry) => [entry.action, entry.reason])).toEqual(
      actions.map(([action], index) => [action, ['one', 'two', 'three', 'four', 'five'][index]]).reverse(),
    );
    expect(entries.map((entry) => entry.actor.username)).toEqual([moderator, moderator, moderator, admin, admin].map((user) => user.username));
    expect(entries.map((entry) => entry.subject.username)).toEqual([author, member, member, member, member].map((user) => user.username));
    for (const entry of entries) expect(entry.createdAt >= startedAt).toBe(true);
    expect(entries.map((entry) => entry.role)).toEqual([undefined, undefined, undefined, 'user', 'moderator']);
  });

  it('pages by `before`: each page older than the last id of the one before, none repeated', async () => {
    const member = await registerFreshUser('paged');
    for (const role of ['moderator', 'user', 'admin', 'moderator', 'user']) expect((await setRole(admin, member.username, role)).status).toBe(204);
    const all = await auditEntriesAbout(admin, [member.username], 2);
    expect(all.map((entry) => entry.role)).toEqual(['user', 'moderator', 'admin', 'user', 'moderator']);
    expect(new Set(all.map((entry) => entry.id)).size).toBe(all.length);

    const firstPage = (await audit(admin, { limit: '2' })).body.auditEntries as { id: string }[];
    expect(firstPage).toHaveLength(2);
    const [newer, older] = firstPage.map((entry) => entry.id);
    expect(String(newer) > String(older)).toBe(true);
    const next = (await audit(admin, { limit: '2', before: String(older) })).body.auditEntries as { id: string }[];
    expect(next.length).toBeGreaterThan(0);
    for (const entry of next) expect(entry.id < String(older)).toBe(true);
  });

  it('answers 422 to a limit or a `before` it cannot use', async () => {
    expect((await audit(admin, { limit: '0' })).body).toEqual({ errors: { limit: ['must be at least 1'] } });
    expect((await audit(admin, { before: 'x' })).body).toEqual({ errors: { before: ['must be an audit entry id'] } });
  });

  describe('call budget', () => {
    it("reads the admin's user item beside the page, then the users the entries name: two round trips", async () => {
      const { result, calls } = await measured(() => audit(admin, { limit: '20' }));
      expect(result.status).toBe(200);
      expect(signedInRounds(calls.calls, userIdOf(admin.token))).toEqual({ rounds: [['Query'], ['BatchGetItem']], sessionRead: 'in round 1' });
      noteBudget('GET /api/admin/audit', calls);
    });
  });
});
