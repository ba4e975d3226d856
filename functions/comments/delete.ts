import { articleExists } from '#lib/db/articles';
import { deleteComment } from '#lib/db/comments';
import { Forbidden, NotFound, Suspended } from '#lib/errors';
import { route } from '#lib/http/route';
import { CommentParams } from '#lib/schemas/articles';
import { requireArticleId } from '#lib/slug';

// DELETE /api/articles/{slug}/comments/{id}
export const handler = route({ auth: 'required', params: CommentParams, errors: [NotFound, Forbidden, Suspended], status: 204 }, async ({ params, viewer }) => {
  const articleId = requireArticleId(params.slug);
  const [exists, outcome] = await Promise.all([articleExists(articleId), deleteComment(articleId, params.id, viewer)]);
  if (!exists) throw new NotFound('article');
  if (outcome === 'missing') throw new NotFound('comment');
  if (outcome === 'forbidden') throw new Forbidden('comment');
});
