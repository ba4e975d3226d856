import { articleById, deleteArticle } from '#lib/db/articles';
import { forgetTagIfUnused } from '#lib/db/tags';
import { removeArticleLeftoversStep, runToEnd, unpublishArticleStep } from '#lib/jobs/feed-jobs';
import { Forbidden, NotFound } from '#lib/http/errors';
import { route } from '#lib/http/route';
import { SlugParams } from '#lib/schemas/articles';
import { requireArticleId } from '#lib/slug';

// DELETE /api/articles/{slug}
export const handler = route({ auth: 'required', params: SlugParams, status: 204 }, async ({ params, viewer }) => {
  const article = await articleById(requireArticleId(params.slug));
  if (!article) throw NotFound('article');
  if (article.authorId !== viewer.userId) throw Forbidden('article');
  await deleteArticle(article);
  await Promise.all([
    runToEnd((from) => unpublishArticleStep(article, from)),
    runToEnd((from) => removeArticleLeftoversStep(article.articleId, from)),
    ...article.tagList.map(forgetTagIfUnused),
  ]);
});
