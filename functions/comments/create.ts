import { addComment } from '#lib/db/comments';
import { route } from '#lib/http/route';
import { toComment } from '#lib/mappers/comment';
import { NewCommentBody, SlugParams } from '#lib/schemas/articles';
import { requireArticleId } from '#lib/slug';

// POST /api/articles/{slug}/comments
export const handler = route(
  { auth: 'required', params: SlugParams, body: NewCommentBody, status: 201, limit: 'comments' },
  async ({ params, body, viewer }) => {
    const articleId = requireArticleId(params.slug);
    const [author, comment] = await Promise.all([viewer.user, addComment(articleId, viewer, body.comment.body)]);
    return { comment: toComment(comment, { user: author, following: false }) };
  },
);
