import { articleWithViewer } from '#lib/db/article-views';
import { removeFavorite } from '#lib/db/favorites';
import { profileOf } from '#lib/db/profiles';
import { NotFound } from '#lib/errors';
import { route } from '#lib/http/route';
import { toArticle } from '#lib/mappers/article';
import { SlugParams } from '#lib/schemas/articles';
import { requireArticleId } from '#lib/slug';

// DELETE /api/articles/{slug}/favorite
export const handler = route({ auth: 'required', params: SlugParams }, async ({ params, viewer }) => {
  const current = await articleWithViewer(viewer.userId, requireArticleId(params.slug));
  if (!current) throw new NotFound('article');
  const { article } = current;
  const [removed, author] = await Promise.all([
    current.favorited ? removeFavorite(article.articleId, viewer.userId) : false,
    profileOf(viewer.userId, article.authorId),
  ]);
  if (!author) throw new NotFound('article');
  const favoritesCount = Math.max(0, article.favoritesCount - (removed ? 1 : 0));
  return { article: toArticle({ article: { ...article, favoritesCount }, author, favorited: false }) };
});
