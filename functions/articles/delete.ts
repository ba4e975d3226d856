import { articleSummaryById, authorDeleting, deleteArticle } from '#lib/db/articles';
import { retryingConcurrentChanges } from '#lib/db/concurrency';
import { Forbidden, NotFound, Suspended } from '#lib/errors';
import { sendCommitted } from '#lib/events/queues';
import { route } from '#lib/http/route';
import { SlugParams } from '#lib/schemas/articles';
import { requireArticleId } from '#lib/slug';

// DELETE /api/articles/{slug}
export const handler = route({ auth: 'required', params: SlugParams, errors: [NotFound, Forbidden, Suspended], status: 204 }, async ({ params, viewer }) => {
  const articleId = requireArticleId(params.slug);
  // Read again after a concurrent change: a concurrent delete makes this one a 404.
  const outgoing = await retryingConcurrentChanges(async () => {
    const article = await articleSummaryById(articleId);
    if (!article) throw new NotFound('article');
    if (article.authorId !== viewer.userId) throw new Forbidden('article');
    return deleteArticle(article, authorDeleting(viewer));
  });
  await sendCommitted(outgoing);
});
