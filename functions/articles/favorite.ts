import { articleWithViewer } from '#lib/db/article-views';
import { addFavorite } from '#lib/db/favorites';
import { profileOf } from '#lib/db/profiles';
import { NotFound } from '#lib/errors';
import { route } from '#lib/http/route';
import { toArticle } from '#lib/mappers/article';
import { SlugParams } from '#lib/schemas/articles';
import { requireArticleId } from '#lib/slug';

// POST /api/articles/{slug}/favorite
export const handler = route({ auth: 'required', params: SlugParams }, async ({ params, viewer }) => {
  const current = await articleWithViewer(viewer.userId, requireArticleId(params.slug));
  if (!current) throw new NotFound('article');
  const { article } = current;
  const [added, author] = await Promise.all([
    current.favorited ? false : addFavorite(article, viewer.userId),
    profileOf(viewer.userId, article.authorId),
  ]);
  if (!author) throw new NotFound('article');
  const favoritesCount = article.favoritesCount + (added ? 1 : 0);
  return { article: toArticle({ article: { ...article, favoritesCount }, author, favorited: true }) };
});
