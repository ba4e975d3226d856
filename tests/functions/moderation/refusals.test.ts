import { beforeAll, describe, expect, it } from 'vitest';
import { commentById } from '#lib/db/comments';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { type Route, request } from '../support/conduit.ts';
import { auditEntriesAbout, REASON, registerWithRole, storedUser } from '../support/moderation.ts';

interface Target {
  author: RegisteredUser;
  slug: string;
  commentId: number;
}

// Every moderation and admin route, with what it acts on and what an allowed call would change.
const routes: {
  route: Route;
  needs: 'moderator' | 'admin';
  call: (target: Target) => { pathParameters?: Record<string, string>; body?: unknown; query?: Record<string, string> };
}[] = [
  { route: 'POST /api/moderation/articles/{slug}/unpublish', needs: 'moderator', call: (t) => ({ pathParameters: { slug: t.slug }, body: REASON }) },
  {
    route: 'POST /api/moderation/articles/{slug}/comments/{id}/unpublish',
    needs: 'moderator',
    call: (t) => ({ pathParameters: { slug: t.slug, id: String(t.commentId) }, body: REASON }),
  },
  {
    route: 'POST /api/moderation/users/{username}/suspend',
    needs: 'moderator',
    call: (t) => ({ pathParameters: { username: t.author.username }, body: REASON }),
  },
  {
    route: 'POST /api/moderation/users/{username}/reinstate',
    needs: 'moderator',
    call: (t) => ({ pathParameters: { username: t.author.username }, body: REASON }),
  },
  {
    route: 'PUT /api/admin/users/{username}/role',
    needs: 'admin',
    call: (t) => ({ pathParameters: { username: t.author.username }, body: { role: 'moderator', ...REASON } }),
  },
  { route: 'GET /api/admin/audit', needs: 'admin', call: () => ({ query: { limit: '5' } }) },
];

describe('moderation and admin routes refuse callers without the role', () => {
  let target: Target;
  let plain: RegisteredUser;
  let moderator: RegisteredUser;
  let admin: RegisteredUser;

  beforeAll(async () => {
    let author: RegisteredUser;
    [author, plain, moderator, admin] = await Promise.all([
      registerFreshUser('author'),
      registerFreshUser('plain'),
      registerWithRole('moderator'),
      registerWithRole('admin'),
    ]);
    const { slug } = await createArticle(author.token);
    const comment = await request('POST /api/articles/{slug}/comments', { token: author.token, pathParameters: { slug }, body: { comment: { body: 'hi' } } });
    target = { author, slug, commentId: comment.body.comment.id };
  });

  /** What any of these routes would change: the article, the comment, the author's item, the audit trail. */
  const state = async () => ({
    article: (await request('GET /api/articles/{slug}', { pathParameters: { slug: target.slug } })).status,
    comment: await commentById(articleIdOf(target.slug), target.commentId),
    author: await storedUser(target.author),
    audit: await auditEntriesAbout(admin, [target.author.username]),
  });

  it.each(routes)('$route answers 401 without a token and changes nothing', async ({ route, call }) => {
    const before = await state();
    const response = await request(route, call(target));
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: { token: ['is missing'] } });
    expect(await state()).toEqual(before);
  });

  it.each(routes)('$route answers 403 to a plain user and changes nothing', async ({ route, call, needs }) => {
    const before = await state();
    const response = await request(route, { ...call(target), token: plain.token });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ errors: { role: [needs === 'admin' ? 'must be admin' : 'must be moderator or admin'] } });
    expect(await state()).toEqual(before);
  });

  it.each(routes.filter(({ needs }) => needs === 'admin'))('$route answers 403 to a moderator and changes nothing', async ({ route, call }) => {
    const before = await state();
    const response = await request(route, { ...call(target), token: moderator.token });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ errors: { role: ['must be admin'] } });
    expect(await state()).toEqual(before);
  });
});
