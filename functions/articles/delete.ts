import { articleById, ConcurrentArticleUpdate, deleteArticle } from '#lib/db/articles';
import { sendCommitted } from '#lib/events/outbox';
import { Forbidden, NotFound } from '#lib/errors';
import { route } from '#lib/http/route';
import { SlugParams } from '#lib/schemas/articles';
import { requireArticleId } from '#lib/slug';

// DELETE /api/articles/{slug}
export const handler = route({ auth: 'required', params: SlugParams, status: 204 }, async ({ params, viewer }) => {
  const articleId = requireArticleId(params.slug);
  for (let attempt = 1; ; attempt++) {
    // Read again after a concurrent change: a concurrent delete makes this one a 404.
    const article = await articleById(articleId);
    if (!article) throw new NotFound('article');
    if (article.authorId !== viewer.userId) throw new Forbidden('article');
    try {
      return await sendCommitted(await deleteArticle(article));
    } catch (error) {
      if (!(error instanceof ConcurrentArticleUpdate) || attempt === 3) throw error;
    }
  }
});
