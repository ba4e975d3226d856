import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, table } from '#lib/db/client';
import { commentById, commentsOf } from '#lib/db/comments';
import { articleBody, article as articleEntity, favorite, follow, user } from '#lib/db/entities';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { measured, signedInRounds } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { auditEntriesAbout, REASON, registerWithRole, reinstate, storedUser, suspend } from '../support/moderation.ts';
import { userIdOf } from '../support/tokens.ts';

const SUSPENDED = { errors: { user: ['is suspended'] } };
const itemAt = async (key: { PK: string; SK: string }) => (await db().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }))).Item;

describe('POST /api/moderation/users/{username}/suspend and /reinstate', () => {
  let moderator: RegisteredUser;
  let admin: RegisteredUser;
  let member: RegisteredUser;
  let other: RegisteredUser;
  let ownSlug: string;
  let otherSlug: string;
  let ownCommentId: number;
  let favoritedSlug: string;

  // The member writes a little before the suspension, with the token they keep using after it.
  beforeAll(async () => {
    [moderator, admin, member, other] = await Promise.all([
      registerWithRole('moderator'),
      registerWithRole('admin'),
      registerFreshUser('member'),
      registerFreshUser('other'),
    ]);
    [{ slug: ownSlug }, { slug: otherSlug }, { slug: favoritedSlug }] = await Promise.all([
      createArticle(member.token),
      createArticle(other.token),
      createArticle(other.token),
    ]);
    const commented = await request('POST /api/articles/{slug}/comments', {
      token: member.token,
      pathParameters: { slug: otherSlug },
      body: { comment: { body: 'before' } },
    });
    ownCommentId = commented.body.comment.id;
    await request('POST /api/articles/{slug}/favorite', { token: member.token, pathParameters: { slug: favoritedSlug } });
    await request('POST /api/profiles/{username}/follow', { token: member.token, pathParameters: { username: other.username } });

    const response = await suspend(moderator, member.username);
    expect(response.status).toBe(204);
    expect((await storedUser(member))?.suspendedAt).toEqual(expect.any(String));
  });

  const memberId = () => userIdOf(member.token);

  // Each write a suspended user might try with the token they already hold: refused in the request's own
  // transaction (403 errors.user), and nothing of it stored.
  const writes: { name: string; attempt: () => ReturnType<typeof request>; nothingWritten: () => Promise<void> }[] = [
    {
      name: 'POST /api/articles',
      attempt: () => request('POST /api/articles', { token: member.token, body: { article: { title: 'Still here', description: 'd', body: 'b' } } }),
      nothingWritten: async () => {
        expect((await request('GET /api/articles', { query: { author: member.username } })).body.articlesCount).toBe(1);
        expect((await itemAt(user.key(memberId())))?.articlesCount).toBe(1);
      },
    },
    {
      name: 'PUT /api/articles/{slug}',
      attempt: () => request('PUT /api/articles/{slug}', { token: member.token, pathParameters: { slug: ownSlug }, body: { article: { body: 'changed' } } }),
      nothingWritten: async () => expect((await itemAt(articleBody.key(articleIdOf(ownSlug))))?.body).toBe('The body of the article.'),
    },
    {
      name: 'DELETE /api/articles/{slug}',
      attempt: () => request('DELETE /api/articles/{slug}', { token: member.token, pathParameters: { slug: ownSlug } }),
      nothingWritten: async () => expect(await itemAt(articleEntity.key(articleIdOf(ownSlug)))).toBeDefined(),
    },
    {
      name: 'POST /api/articles/{slug}/comments',
      attempt: () =>
        request('POST /api/articles/{slug}/comments', { token: member.token, pathParameters: { slug: otherSlug }, body: { comment: { body: 'after' } } }),
      nothingWritten: async () => expect((await commentsOf(articleIdOf(otherSlug), 10)).map((comment) => comment.body)).toEqual(['before']),
    },
    {
      name: 'DELETE /api/articles/{slug}/comments/{id}',
      attempt: () =>
        request('DELETE /api/articles/{slug}/comments/{id}', { token: member.token, pathParameters: { slug: otherSlug, id: String(ownCommentId) } }),
      nothingWritten: async () => expect(await commentById(articleIdOf(otherSlug), ownCommentId)).toBeDefined(),
    },
    {
      name: 'POST /api/articles/{slug}/favorite',
      attempt: () => request('POST /api/articles/{slug}/favorite', { token: member.token, pathParameters: { slug: otherSlug } }),
      nothingWritten: async () => expect(await itemAt(favorite.key(articleIdOf(otherSlug), memberId()))).toBeUndefined(),
    },
    {
      name: 'DELETE /api/articles/{slug}/favorite',
      attempt: () => request('DELETE /api/articles/{slug}/favorite', { token: member.token, pathParameters: { slug: favoritedSlug } }),
      nothingWritten: async () => {
        expect(await itemAt(favorite.key(articleIdOf(favoritedSlug), memberId()))).toBeDefined();
        expect((await itemAt(user.key(memberId())))?.favoritesCount).toBe(1);
      },
    },
    {
      name: 'POST /api/profiles/{username}/follow',
      attempt: () => request('POST /api/profiles/{username}/follow', { token: member.token, pathParameters: { username: moderator.username } }),
      nothingWritten: async () => expect(await itemAt(follow.key(memberId(), userIdOf(moderator.token)))).toBeUndefined(),
    },
    {
      name: 'DELETE /api/profiles/{username}/follow',
      attempt: () => request('DELETE /api/profiles/{username}/follow', { token: member.token, pathParameters: { username: other.username } }),
      nothingWritten: async () => expect(await itemAt(follow.key(memberId(), userIdOf(other.token)))).toBeDefined(),
    },
    {
      name: 'PUT /api/user',
      attempt: () => request('PUT /api/user', { token: member.token, body: { user: { bio: 'changed' } } }),
      nothingWritten: async () => expect((await storedUser(member))?.bio).toBeNull(),
    },
  ];

  it.each(writes)('a suspended user: $name answers 403 errors.user and writes nothing', async ({ attempt, nothingWritten }) => {
    const response = await attempt();
    expect(response.status).toBe(403);
    expect(response.body).toEqual(SUSPENDED);
    await nothingWritten();
  });

  it('refuses in the round trips the write makes anyway: the rate-limit count, then the comment refused by its own transaction', async () => {
    const { result, calls } = await measured(() =>
      request('POST /api/articles/{slug}/comments', { token: member.token, pathParameters: { slug: otherSlug }, body: { comment: { body: 'measured' } } }),
    );
    expect(result.status).toBe(403);
    expect(signedInRounds(calls.calls, userIdOf(member.token))).toEqual({
      // The author's user item is the session check's read, beside the rate-limit count.
      rounds: [['UpdateItem'], ['TransactWriteItems']],
      sessionRead: 'in round 1',
    });
    expect(calls.countOf('TransactWriteItems')).toBe(1);
  });

  it('a suspended user still reads: their own user, articles, comments, feed', async () => {
    expect((await request('GET /api/user', { token: member.token })).status).toBe(200);
    expect((await request('GET /api/articles/{slug}', { token: member.token, pathParameters: { slug: otherSlug } })).status).toBe(200);
    expect((await request('GET /api/articles/{slug}/comments', { token: member.token, pathParameters: { slug: otherSlug } })).status).toBe(200);
    expect((await request('GET /api/articles/feed', { token: member.token })).status).toBe(200);
  });

  it('answers 409 to suspending a suspended user, and writes no second audit entry', async () => {
    const response = await suspend(moderator, member.username);
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ errors: { user: ['is already suspended'] } });
    expect((await auditEntriesAbout(admin, [member.username])).filter((entry) => entry.action === 'user.suspend')).toHaveLength(1);
  });

  it('refuses to suspend a moderator or admin (their role is revoked first), or oneself', async () => {
    const otherModerator = await registerWithRole('moderator', 'mod2');
    const byModerator = await suspend(moderator, otherModerator.username);
    expect(byModerator.status).toBe(403);
    expect(byModerator.body).toEqual({ errors: { user: ['holds a role: an admin revokes it before a suspension'] } });
    expect((await suspend(admin, moderator.username)).status).toBe(403);
    expect((await suspend(moderator, moderator.username)).status).toBe(403);
    expect((await storedUser(otherModerator))?.suspendedAt).toBeUndefined();
    expect((await storedUser(moderator))?.suspendedAt).toBeUndefined();
  });

  it('answers 404 errors.user for an unknown username, 422 without a reason', async () => {
    expect((await suspend(moderator, 'nobody-by-this-name')).body).toEqual({ errors: { user: ['not found'] } });
    const blank = await suspend(moderator, other.username, {});
    expect(blank.status).toBe(422);
    expect(blank.body).toEqual({ errors: { reason: ["can't be blank"] } });
  });

  it('reinstating removes suspendedAt, the same token writes again, and a second reinstatement is a 409', async () => {
    const suspended = await registerFreshUser('back');
    expect((await suspend(moderator, suspended.username)).status).toBe(204);
    expect((await request('POST /api/articles', { token: suspended.token, body: { article: { title: 'No', description: 'd', body: 'b' } } })).status).toBe(403);

    expect((await reinstate(moderator, suspended.username)).status).toBe(204);
    expect(await storedUser(suspended)).not.toHaveProperty('suspendedAt');
    expect((await request('POST /api/articles', { token: suspended.token, body: { article: { title: 'Yes', description: 'd', body: 'b' } } })).status).toBe(
      201,
    );

    const again = await reinstate(moderator, suspended.username);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ errors: { user: ['is not suspended'] } });
    const entries = await auditEntriesAbout(admin, [suspended.username]);
    expect(entries.map((entry) => [entry.action, entry.actor.username])).toEqual([
      ['user.reinstate', moderator.username],
      ['user.suspend', moderator.username],
    ]);
  });

  it('a suspended moderator moderates nothing', async () => {
    const [suspendedModerator, target] = await Promise.all([registerWithRole('moderator', 'modx'), registerFreshUser('target')]);
    await request('PUT /api/admin/users/{username}/role', {
      token: admin.token,
      pathParameters: { username: suspendedModerator.username },
      body: { role: 'user', ...REASON },
    });
    expect((await suspend(moderator, suspendedModerator.username)).status).toBe(204);
    await request('PUT /api/admin/users/{username}/role', {
      token: admin.token,
      pathParameters: { username: suspendedModerator.username },
      body: { role: 'moderator', ...REASON },
    });
    const response = await suspend(suspendedModerator, target.username);
    expect(response.status).toBe(403);
    expect(response.body).toEqual(SUSPENDED);
    expect((await storedUser(target))?.suspendedAt).toBeUndefined();
  });
});
