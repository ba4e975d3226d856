import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { db, table } from '#lib/db/client';
import { commentsOf } from '#lib/db/comments';
import { favorite, follow, user } from '#lib/db/entities';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { request } from '../support/conduit.ts';
import { userIdOf } from '../support/tokens.ts';

const INVALID = { errors: { token: ['is invalid'] } };
const itemAt = async (key: { PK: string; SK: string }) => (await db().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }))).Item;

// A token stays valid until it expires; the user it names may be gone by then. Each write must check, in its
// own transaction, that the user item still exists, and write nothing when it does not.
describe('a valid token of a deleted user writes nothing', () => {
  let gone: RegisteredUser;
  let goneId: string;
  let author: RegisteredUser;
  let slug: string;
  beforeEach(async () => {
    [gone, author] = await Promise.all([registerFreshUser('gone'), registerFreshUser('author')]);
    slug = (await createArticle(author.token)).slug;
    goneId = userIdOf(gone.token);
    await db().send(new DeleteCommand({ TableName: table(), Key: user.key(goneId) }));
  });

  it('POST /api/articles/{slug}/comments answers 401 and stores no comment', async () => {
    const response = await request('POST /api/articles/{slug}/comments', { token: gone.token, pathParameters: { slug }, body: { comment: { body: 'ghost' } } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual(INVALID);
    // The list hides comments whose author is gone, so read what is stored.
    expect(await commentsOf(articleIdOf(slug), 10)).toEqual([]);
  });

  it('POST /api/articles answers 401 and creates no article', async () => {
    const response = await request('POST /api/articles', { token: gone.token, body: { article: { title: 'Ghost', description: 'd', body: 'b' } } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual(INVALID);
    expect(await itemAt(user.key(goneId))).toBeUndefined();
  });

  it('POST /api/articles/{slug}/favorite answers 401, stores no edge and leaves no stray user item', async () => {
    const response = await request('POST /api/articles/{slug}/favorite', { token: gone.token, pathParameters: { slug } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual(INVALID);
    expect(await itemAt(favorite.key(articleIdOf(slug), goneId))).toBeUndefined();
    expect(await itemAt(user.key(goneId))).toBeUndefined();
    const article = await request('GET /api/articles/{slug}', { pathParameters: { slug } });
    expect(article.body.article.favoritesCount).toBe(0);
  });

  it('POST /api/profiles/{username}/follow answers 401 and stores no follow', async () => {
    const response = await request('POST /api/profiles/{username}/follow', { token: gone.token, pathParameters: { username: author.username } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual(INVALID);
    expect(await itemAt(follow.key(goneId, userIdOf(author.token)))).toBeUndefined();
  });
});
