import { articleById, deleteArticle } from '#lib/db/articles';
import { sendCommitted } from '#lib/events/outbox';
import { Forbidden, NotFound } from '#lib/http/errors';
import { route } from '#lib/http/route';
import { SlugParams } from '#lib/schemas/articles';
import { requireArticleId } from '#lib/slug';

// DELETE /api/articles/{slug}
export const handler = route({ auth: 'required', params: SlugParams, status: 204 }, async ({ params, viewer }) => {
  const article = await articleById(requireArticleId(params.slug));
  if (!article) throw NotFound('article');
  if (article.authorId !== viewer.userId) throw Forbidden('article');
  await sendCommitted(await deleteArticle(article));
});
