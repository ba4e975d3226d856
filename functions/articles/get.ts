import { articleView } from '#lib/db/article-views';
import { NotFound } from '#lib/errors';
import { route } from '#lib/http/route';
import { toArticle } from '#lib/mappers/article';
import { SlugParams } from '#lib/schemas/articles';
import { ArticleResponse } from '#lib/schemas/responses';
import { requireArticleId } from '#lib/slug';

// GET /api/articles/{slug}
export const handler = route({ auth: 'optional', params: SlugParams, response: ArticleResponse, errors: [NotFound] }, async ({ params, viewer }) => {
  const view = await articleView(viewer?.userId, requireArticleId(params.slug));
  if (!view) throw new NotFound('article');
  return { article: toArticle(view) };
});
