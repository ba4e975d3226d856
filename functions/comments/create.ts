import { addComment } from '#lib/db/comments';
import { NotFound, Suspended } from '#lib/errors';
import { sendCommitted } from '#lib/events/queues';
import { route } from '#lib/http/route';
import { toComment } from '#lib/mappers/comment';
import { NewCommentBody, SlugParams } from '#lib/schemas/articles';
import { CommentResponse } from '#lib/schemas/responses';
import { requireArticleId } from '#lib/slug';

// POST /api/articles/{slug}/comments
export const handler = route(
  { auth: 'required', params: SlugParams, body: NewCommentBody, response: CommentResponse, errors: [NotFound, Suspended], status: 201, limit: 'comments' },
  async ({ params, body, viewer }) => {
    const articleId = requireArticleId(params.slug);
    const [author, { comment, outgoing }] = await Promise.all([viewer.user, addComment(articleId, viewer, body.comment.body)]);
    await sendCommitted(outgoing);
    return { comment: toComment(comment, { user: author, following: false }) };
  },
);
