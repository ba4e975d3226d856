import { wholeArticle, wholeArticleKeys } from '#lib/db/articles';
import { batchGet, keyString } from '#lib/db/batch';
import { type Article, type ArticleSummary, article as articleEntity, favorite } from '#lib/db/entities';
import { type ProfileView, profileFrom, profileKeys } from '#lib/db/profiles';

/** What a list index entry or feed entry tells us: enough to fetch everything else in one round trip. */
export interface ArticleRef {
  articleId: string;
  authorId: string;
}

/** An article as a viewer sees it: whole for a single article, its summary in a list or feed. */
export interface ArticleView<A extends ArticleSummary = Article> {
  article: A;
  author: ProfileView;
  favorited: boolean;
}

/**
 * One BatchGetItem for a whole page: the articles' summaries (never their bodies), their authors, and the
 * viewer's favorite and follow edges. Articles deleted since the index was read are left out.
 */
export async function articleViews(viewerId: string | undefined, refs: ArticleRef[]): Promise<ArticleView<ArticleSummary>[]> {
  if (refs.length === 0) return [];
  const authorIds = [...new Set(refs.map((ref) => ref.authorId))];
  const found = await batchGet([
    ...refs.flatMap((ref) => [articleEntity.key(ref.articleId), ...(viewerId ? [favorite.key(ref.articleId, viewerId)] : [])]),
    ...profileKeys(viewerId, authorIds),
  ]);
  return refs.flatMap((ref) => {
    const item = found.get(keyString(articleEntity.key(ref.articleId)));
    if (!item) return [];
    const article = articleEntity.decode(item);
    const author = profileFrom(found, viewerId, article.authorId);
    if (!author) return [];
    const favorited = viewerId ? found.has(keyString(favorite.key(ref.articleId, viewerId))) : false;
    return [{ article, author, favorited }];
  });
}

/** Two round trips: the whole article with the viewer's favorite edge, then its author with the follow edge. */
export async function articleView(viewerId: string | undefined, articleId: string): Promise<ArticleView | undefined> {
  const found = await batchGet([...wholeArticleKeys(articleId), ...(viewerId ? [favorite.key(articleId, viewerId)] : [])]);
  const article = wholeArticle(found, articleId);
  if (!article) return undefined;
  const favorited = viewerId ? found.has(keyString(favorite.key(articleId, viewerId))) : false;
  const authors = await batchGet(profileKeys(viewerId, [article.authorId]));
  const author = profileFrom(authors, viewerId, article.authorId);
  return author && { article, author, favorited };
}

/**
 * One round trip, for writes by the viewer: the whole article and the viewer's favorite edge (the viewer's own
 * user item is authentication's read). Undefined when the article is missing.
 */
export async function articleWithViewer(viewerId: string, articleId: string): Promise<{ article: Article; favorited: boolean } | undefined> {
  const found = await batchGet([...wholeArticleKeys(articleId), favorite.key(articleId, viewerId)]);
  const article = wholeArticle(found, articleId);
  return article && { article, favorited: found.has(keyString(favorite.key(articleId, viewerId))) };
}
