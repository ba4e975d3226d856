import { setFavorite } from '#lib/db/favorites';
import { NotFound, Suspended } from '#lib/errors';
import { route } from '#lib/http/route';
import { toArticle } from '#lib/mappers/article';
import { SlugParams } from '#lib/schemas/articles';
import { ArticleResponse } from '#lib/schemas/responses';
import { requireArticleId } from '#lib/slug';

// DELETE /api/articles/{slug}/favorite
export const handler = route(
  { auth: 'required', params: SlugParams, response: ArticleResponse, errors: [NotFound, Suspended] },
  async ({ params, viewer }) => ({
    article: toArticle(await setFavorite(viewer, requireArticleId(params.slug), false)),
  }),
);
