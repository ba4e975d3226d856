import { beforeAll, describe, expect, it } from 'vitest';
import { commentById } from '#lib/db/comments';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { measured, noteBudget, signedInRounds } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { auditEntriesAbout, REASON, registerWithRole } from '../support/moderation.ts';
import { userIdOf } from '../support/tokens.ts';

const unpublish = (moderator: RegisteredUser, slug: string, id: number | string) =>
  request('POST /api/moderation/articles/{slug}/comments/{id}/unpublish', { token: moderator.token, pathParameters: { slug, id: String(id) }, body: REASON });

describe('POST /api/moderation/articles/{slug}/comments/{id}/unpublish', () => {
  let moderator: RegisteredUser;
  let admin: RegisteredUser;
  let author: RegisteredUser;
  let commenter: RegisteredUser;
  let slug: string;

  beforeAll(async () => {
    [moderator, admin, author, commenter] = await Promise.all([
      registerWithRole('moderator'),
      registerWithRole('admin'),
      registerFreshUser('author'),
      registerFreshUser('commenter'),
    ]);
    ({ slug } = await createArticle(author.token));
  });

  const comment = async (body: string) =>
    (await request('POST /api/articles/{slug}/comments', { token: commenter.token, pathParameters: { slug }, body: { comment: { body } } })).body.comment as {
      id: number;
    };

  it("removes anyone's comment and records it, as it was, in the audit trail", async () => {
    const [spam, kept] = [await comment('Buy cheap watches'), await comment('Nice article')];
    const response = await unpublish(moderator, slug, spam.id);
    expect(response.status).toBe(204);
    const listed = await request('GET /api/articles/{slug}/comments', { pathParameters: { slug } });
    expect(listed.body.comments.map((listedComment: { id: number }) => listedComment.id)).toEqual([kept.id]);
    expect(await commentById(articleIdOf(slug), spam.id)).toBeUndefined();

    const entries = await auditEntriesAbout(admin, [commenter.username]);
    expect(entries.filter((entry) => entry.commentId === spam.id)).toEqual([
      expect.objectContaining({
        action: 'comment.unpublish',
        actor: { username: moderator.username },
        subject: { username: commenter.username },
        articleId: articleIdOf(slug),
        commentId: spam.id,
        reason: REASON.reason,
        content: expect.objectContaining({ body: 'Buy cheap watches' }),
      }),
    ]);
  });

  it('answers 404 errors.comment for a comment that is not there, and records nothing', async () => {
    const gone = await comment('soon gone');
    await request('DELETE /api/articles/{slug}/comments/{id}', { token: commenter.token, pathParameters: { slug, id: String(gone.id) } });
    const response = await unpublish(moderator, slug, gone.id);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: { comment: ['not found'] } });
    expect((await auditEntriesAbout(admin, [commenter.username])).filter((entry) => entry.commentId === gone.id)).toEqual([]);
  });

  describe('call budget', () => {
    it('reads the comment (its content goes into the audit entry), then one transaction', async () => {
      const target = await comment('measured');
      const { result, calls } = await measured(() => unpublish(moderator, slug, target.id));
      expect(result.status).toBe(204);
      expect(signedInRounds(calls.calls, userIdOf(moderator.token))).toEqual({ rounds: [['GetItem'], ['TransactWriteItems']], sessionRead: 'in round 1' });
      noteBudget('POST /api/moderation/articles/{slug}/comments/{id}/unpublish', calls);
    });
  });
});
