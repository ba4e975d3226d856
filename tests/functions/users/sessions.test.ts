import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '#lib/auth/jwt';
import { createArticle as createArticleFor } from '#lib/db/articles';
import { db, table as tableName } from '#lib/db/client';
import { addComment } from '#lib/db/comments';
import { user as userEntity } from '#lib/db/entities';
import { follow } from '#lib/db/follows';
import { unpublishArticle } from '#lib/db/moderation';
import { endAllSessions } from '#lib/db/sessions';
import { Unauthenticated } from '#lib/errors';
import type { HttpEventInput } from '../../support/http-event.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { type Route, request, routes } from '../support/conduit.ts';
import { registerWithRole } from '../support/moderation.ts';
import { ownTable } from '../support/own-table.ts';
import { claimsOf, userIdOf } from '../support/tokens.ts';

// A token can be taken back (issue 9, OWASP API2): answers never extend a token, a password change ends every
// other session of the user, and DELETE /api/user/sessions ends them all. An ended session reads nothing signed
// in and writes nothing; a suspended user reads but writes nothing.
const table = ownTable('sessions');
const INVALID = { errors: { token: ['is invalid'] } };
const SUSPENDED = { errors: { user: ['is suspended'] } };
const NEW_PASSWORD = 'a brand new passphrase';

type Input = Omit<HttpEventInput, 'routeKey' | 'method' | 'path'>;

const login = async (email: string, password: string) => request('POST /api/users/login', { body: { user: { email, password } } });
async function signIn(user: RegisteredUser, password = user.password): Promise<string> {
  const response = await login(user.email, password);
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.user.token;
}
const currentUser = (token: string) => request('GET /api/user', { token });
const signOutEverywhere = (token?: string) => request('DELETE /api/user/sessions', { token });

/**
 * A user with something to lose on every write route: an article of their own, a favorite, a follow and a comment,
 * and the requests that would change each (or add to them), in the order listed.
 */
async function userWithHistory() {
  const [viewer, author, stranger] = await Promise.all([registerFreshUser('session'), registerFreshUser('session'), registerFreshUser('session')]);
  const [own, favorited, other] = await Promise.all([createArticle(viewer.token), createArticle(author.token), createArticle(author.token)]);
  const token = viewer.token;
  await request('POST /api/articles/{slug}/favorite', { token, pathParameters: { slug: favorited.slug } });
  await request('POST /api/profiles/{username}/follow', { token, pathParameters: { username: author.username } });
  const comment = await request('POST /api/articles/{slug}/comments', { token, pathParameters: { slug: favorited.slug }, body: { comment: { body: 'mine' } } });
  const webhook = await request('POST /api/webhooks', { token, body: { webhook: { url: 'https://hooks.example.com/mine', events: ['article.published'] } } });
  const hook = { pathParameters: { id: String(webhook.body.webhook.id) } };
  const writes: [Route, Input][] = [
    ['POST /api/articles', { body: { article: { title: 'Never written', description: 'd', body: 'b' } } }],
    ['PUT /api/articles/{slug}', { pathParameters: { slug: own.slug }, body: { article: { body: 'never changed' } } }],
    ['DELETE /api/articles/{slug}', { pathParameters: { slug: own.slug } }],
    ['POST /api/articles/{slug}/favorite', { pathParameters: { slug: other.slug } }],
    ['DELETE /api/articles/{slug}/favorite', { pathParameters: { slug: favorited.slug } }],
    ['POST /api/articles/{slug}/comments', { pathParameters: { slug: other.slug }, body: { comment: { body: 'never written' } } }],
    ['DELETE /api/articles/{slug}/comments/{id}', { pathParameters: { slug: favorited.slug, id: String(comment.body.comment.id) } }],
    ['POST /api/profiles/{username}/follow', { pathParameters: { username: stranger.username } }],
    ['DELETE /api/profiles/{username}/follow', { pathParameters: { username: author.username } }],
    ['PUT /api/user', { body: { user: { bio: 'never changed' } } }],
    ['PUT /api/user', { body: { user: { password: NEW_PASSWORD } } }],
    ['POST /api/webhooks', { body: { webhook: { url: 'https://hooks.example.com/never', events: ['article.published'] } } }],
    ['PUT /api/webhooks/{id}', { ...hook, body: { webhook: { enabled: false } } }],
    ['POST /api/webhooks/{id}/secret', hook],
    ['DELETE /api/webhooks/{id}', hook],
    ['DELETE /api/user/sessions', {}],
  ];
  const reads: [Route, Input][] = [
    ['GET /api/user', {}],
    ['GET /api/articles', {}],
    ['GET /api/articles/feed', {}],
    ['GET /api/articles/{slug}', { pathParameters: { slug: own.slug } }],
    ['GET /api/articles/{slug}/comments', { pathParameters: { slug: favorited.slug } }],
    ['GET /api/profiles/{username}', { pathParameters: { username: author.username } }],
    ['GET /api/webhooks', {}],
    ['GET /api/webhooks/{id}', hook],
  ];
  return { viewer, writes, reads };
}

/**
 * Every route that takes a token and is not a GET: each must appear in userWithHistory's writes. Registration and
 * login take none; the moderation and admin routes refuse a plain user by role (their check, `actorCondition`,
 * holds to the same session and suspension rule: tested below with a moderator).
 */
const writeRoutes = () =>
  Object.keys(routes).filter(
    (route) => !route.startsWith('GET ') && !['POST /api/users', 'POST /api/users/login'].includes(route) && !/^\S+ \/api\/(moderation|admin)\//.test(route),
  );

beforeAll(() => table.create());

describe('tokens are not extended', () => {
  it('GET and PUT /api/user answer with the token presented, so no answer outlives it', async () => {
    const user = await registerFreshUser('extend');
    const claims = claimsOf(user.token);
    // A token that ends in a minute, of the session register started: a fresh 7-day token in answer would extend it.
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await new SignJWT({ sid: claims.sid, gen: claims.gen })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userIdOf(user.token))
      .setIssuer('conduit')
      .setAudience('conduit-api')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(process.env.JWT_SECRET));
    const got = await currentUser(shortLived);
    expect(got.status).toBe(200);
    expect(got.body.user.token).toBe(shortLived);
    const put = await request('PUT /api/user', { token: shortLived, body: { user: { bio: 'same token' } } });
    expect(put.status).toBe(200);
    expect(put.body.user.token).toBe(shortLived);
  });

  it('register and every login start a session of their own', async () => {
    const user = await registerFreshUser('sid');
    const [first, second] = [await signIn(user), await signIn(user)];
    const sessions = [user.token, first, second].map((token) => claimsOf(token).sid);
    expect(sessions.every((sid) => typeof sid === 'string' && sid.length >= 16)).toBe(true);
    expect(new Set(sessions).size).toBe(3);
  });
});

describe('a password change', () => {
  it('ends every other session of the user and keeps the one that made it', async () => {
    const [user, bystander] = await Promise.all([registerFreshUser('password'), registerFreshUser('password')]);
    const [first, changer] = [user.token, await signIn(user)];
    const changed = await request('PUT /api/user', { token: changer, body: { user: { password: NEW_PASSWORD } } });
    expect(changed.status).toBe(200);
    expect(changed.body.user.token).toBe(changer);

    const ended = await currentUser(first);
    expect(ended.status).toBe(401);
    expect(ended.body).toEqual(INVALID);
    expect((await currentUser(changer)).status).toBe(200);
    expect((await currentUser(bystander.token)).status).toBe(200);
    expect((await request('PUT /api/user', { token: changer, body: { user: { bio: 'still signed in' } } })).status).toBe(200);

    expect((await login(user.email, user.password)).status).toBe(401);
    const fresh = await signIn(user, NEW_PASSWORD);
    expect((await currentUser(fresh)).status).toBe(200);
  });

  it('made from another session ends the session a previous change kept', async () => {
    const user = await registerFreshUser('password');
    const first = await signIn(user);
    expect((await request('PUT /api/user', { token: first, body: { user: { password: NEW_PASSWORD } } })).status).toBe(200);
    const second = await signIn(user, NEW_PASSWORD);
    expect((await request('PUT /api/user', { token: second, body: { user: { password: `${NEW_PASSWORD}!` } } })).status).toBe(200);
    expect((await currentUser(first)).status).toBe(401);
    expect((await currentUser(user.token)).status).toBe(401);
    expect((await currentUser(second)).status).toBe(200);
    // The kept session may change it again and is still kept.
    expect((await request('PUT /api/user', { token: second, body: { user: { password: NEW_PASSWORD } } })).status).toBe(200);
    expect((await currentUser(second)).status).toBe(200);
  });
});

describe('DELETE /api/user/sessions (sign out everywhere)', () => {
  it("ends every session of the user, the caller's too, and no one else's", async () => {
    const [user, bystander] = await Promise.all([registerFreshUser('signout'), registerFreshUser('signout')]);
    const [first, second] = [user.token, await signIn(user)];
    const response = await signOutEverywhere(second);
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    for (const token of [first, second]) expect((await currentUser(token)).body).toEqual(INVALID);
    expect((await currentUser(bystander.token)).status).toBe(200);
    expect((await signOutEverywhere(second)).body).toEqual(INVALID);
    expect((await currentUser(await signIn(user))).status).toBe(200);
  });

  it('answers 401 without a token, ending nothing', async () => {
    const before = await table.snapshot();
    const response = await signOutEverywhere();
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: { token: ['is missing'] } });
    expect(await table.snapshot()).toBe(before);
  });
});

describe('an ended session', () => {
  it('writes nothing on any write route and reads nothing signed in: 401 errors.token', async () => {
    const { viewer, writes, reads } = await userWithHistory();
    expect(new Set(writes.map(([route]) => route))).toEqual(new Set(writeRoutes()));
    const kept = await signIn(viewer);
    expect((await signOutEverywhere(viewer.token)).status).toBe(204);
    const before = await table.snapshot();
    for (const [route, input] of [...writes, ...reads]) {
      const response = await request(route, { ...input, token: viewer.token });
      expect([route, response.status, response.body]).toEqual([route, 401, INVALID]);
    }
    expect((await request('POST /api/articles', { token: kept, body: { article: { title: 'x', description: 'd', body: 'b' } } })).status).toBe(401);
    expect(await table.snapshot()).toBe(before);
  });
});

describe("a write's own transaction", () => {
  it('refuses a session that ended after authentication read it live, writing nothing', async () => {
    const [user, author] = await Promise.all([registerFreshUser('late'), registerFreshUser('late')]);
    const article = await createArticle(author.token);
    // The session as authentication saw it, live; it ends before the writes below are made.
    const session = await verifyToken(user.token);
    if (!session) throw new Error('the token of a fresh user did not verify');
    expect((await signOutEverywhere(user.token)).status).toBe(204);
    const before = await table.snapshot();
    const writes = [
      () => addComment(articleIdOf(article.slug), session, 'too late'),
      () => follow(session, userIdOf(author.token)),
      () => createArticleFor(session, { title: 'Too late', description: 'd', body: 'b', tagList: [] }),
      () => endAllSessions(session),
    ];
    for (const write of writes) await expect(write()).rejects.toBeInstanceOf(Unauthenticated);
    expect(await table.snapshot()).toBe(before);
  });
});

describe("a moderator's action", () => {
  it('holds to the same rule: an ended session unpublishes nothing', async () => {
    const [moderator, author] = await Promise.all([registerWithRole('moderator', 'session'), registerFreshUser('session')]);
    const article = await createArticle(author.token);
    const session = await verifyToken(moderator.token);
    if (!session) throw new Error('the token of a fresh user did not verify');
    expect((await signOutEverywhere(moderator.token)).status).toBe(204);
    const before = await table.snapshot();
    const actor = { ...session, role: 'moderator' as const, confirmed: false };
    await expect(unpublishArticle(actor, articleIdOf(article.slug), 'too late')).rejects.toBeInstanceOf(Unauthenticated);
    expect(actor.confirmed).toBe(false);
    expect(await table.snapshot()).toBe(before);
  });
});

describe('a suspended user', () => {
  const suspend = (userId: string, suspended: boolean) =>
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: userEntity.key(userId),
        UpdateExpression: suspended ? 'SET suspendedAt = :now' : 'REMOVE suspendedAt',
        ...(suspended && { ExpressionAttributeValues: { ':now': new Date().toISOString() } }),
      }),
    );

  it('reads as before, but every write route answers 403 errors.user and writes nothing', async () => {
    const { viewer, writes, reads } = await userWithHistory();
    await suspend(userIdOf(viewer.token), true);
    const before = await table.snapshot();
    for (const [route, input] of reads) {
      const response = await request(route, { ...input, token: viewer.token });
      expect([route, response.status]).toEqual([route, 200]);
    }
    for (const [route, input] of writes) {
      const response = await request(route, { ...input, token: viewer.token });
      expect([route, response.status, response.body]).toEqual([route, 403, SUSPENDED]);
    }
    expect(await table.snapshot()).toBe(before);

    await suspend(userIdOf(viewer.token), false);
    const created = await request('POST /api/articles', { token: viewer.token, body: { article: { title: 'Back', description: 'd', body: 'b' } } });
    expect(created.status).toBe(201);
  });
});
