import { config } from '#lib/config';
import { articleExists } from '#lib/db/articles';
import { batchGet } from '#lib/db/batch';
import { commentsOf } from '#lib/db/comments';
import { profileFrom, profileKeys } from '#lib/db/profiles';
import { NotFound } from '#lib/errors';
import { route } from '#lib/http/route';
import { toComment } from '#lib/mappers/comment';
import { CommentsQuery, SlugParams } from '#lib/schemas/articles';
import { CommentListResponse } from '#lib/schemas/responses';
import { requireArticleId } from '#lib/slug';

// GET /api/articles/{slug}/comments[?limit=&before=]: newest first, a bounded page (see README, "Limits and security").
export const handler = route(
  { auth: 'optional', params: SlugParams, query: CommentsQuery, response: CommentListResponse, errors: [NotFound] },
  async ({ params, query, viewer }) => {
    const articleId = requireArticleId(params.slug);
    const size = Math.min(query.limit ?? config().commentsPageSize, config().commentsPageSize);
    const [exists, comments] = await Promise.all([articleExists(articleId), commentsOf(articleId, size, query.before)]);
    if (!exists) throw new NotFound('article');
    const authorIds = [...new Set(comments.map((comment) => comment.authorId))];
    const found = await batchGet(profileKeys(viewer?.userId, authorIds));
    return {
      comments: comments.flatMap((comment) => {
        const author = profileFrom(found, viewer?.userId, comment.authorId);
        return author ? [toComment(comment, author)] : [];
      }),
    };
  },
);
