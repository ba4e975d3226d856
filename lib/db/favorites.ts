import type { Session } from '#lib/auth/jwt';
import { type ArticleView, articleWithViewer } from '#lib/db/article-views';
import { table } from '#lib/db/client';
import { counterChange } from '#lib/db/counters';
import { type Article, article as articleEntity, favorite, user } from '#lib/db/entities';
import { profileOf } from '#lib/db/profiles';
import { onUserItem, refuseViewer, viewerCondition } from '#lib/db/sessions';
import { conditionFailed, type TransactPart, transactWrite } from '#lib/db/transactions';
import { NotFound } from '#lib/errors';

/** The viewer's count moves with the edge, only while the viewer may write (lib/db/sessions.ts). */
const viewerCount = (viewer: Session, delta: 1 | -1): TransactPart =>
  onUserItem(counterChange(user, user.key(viewer.userId), 'favoritesCount', delta), viewerCondition(viewer));

/**
 * One transaction: the favorite edge (only if absent), the article's count and the user's count move
 * together, so `favoritesCount` is exactly the number of edges however many requests race.
 * Returns whether this call added the favorite.
 */
export async function addFavorite(article: Article, viewer: Session): Promise<boolean> {
  const { userId } = viewer;
  try {
    await transactWrite([
      [
        'favorite',
        {
          Put: {
            TableName: table(),
            Item: favorite.item({ articleId: article.articleId, authorId: article.authorId, userId, createdAt: new Date().toISOString() }),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ],
      ['article', counterChange(articleEntity, articleEntity.key(article.articleId), 'favoritesCount', 1, 'attribute_exists(PK)')],
      viewerCount(viewer, 1),
    ]);
    return true;
  } catch (error) {
    refuseViewer(error, viewer);
    if (conditionFailed(error, 'article')) throw new NotFound('article');
    if (conditionFailed(error, 'favorite')) return false;
    throw error;
  }
}

/** The reverse of `addFavorite`; removing a favorite that isn't there changes nothing. Returns whether it was there. */
export async function removeFavorite(articleId: string, viewer: Session): Promise<boolean> {
  try {
    await transactWrite([
      ['favorite', { Delete: { TableName: table(), Key: favorite.key(articleId, viewer.userId), ConditionExpression: 'attribute_exists(PK)' } }],
      [
        'article',
        {
          Update: {
            TableName: table(),
            Key: articleEntity.key(articleId),
            UpdateExpression: 'ADD favoritesCount :minus',
            ConditionExpression: 'attribute_exists(PK) AND favoritesCount > :zero',
            ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
          },
        },
      ],
      viewerCount(viewer, -1),
    ]);
    return true;
  } catch (error) {
    refuseViewer(error, viewer);
    if (conditionFailed(error, 'favorite')) return false;
    if (conditionFailed(error, 'article')) throw new NotFound('article');
    throw error;
  }
}

/**
 * Favorites or unfavorites an article for the viewer and answers the article as the viewer now sees it.
 * Two round trips: the article with the viewer's edge, then the change with the author's profile.
 */
export async function setFavorite(viewer: Session, articleId: string, favorited: boolean): Promise<ArticleView> {
  const current = await articleWithViewer(viewer.userId, articleId);
  if (!current) throw new NotFound('article');
  const { article } = current;
  const [changed, author] = await Promise.all([
    current.favorited === favorited ? false : favorited ? addFavorite(article, viewer) : removeFavorite(article.articleId, viewer),
    profileOf(viewer.userId, article.authorId),
  ]);
  if (!author) throw new NotFound('article');
  const favoritesCount = Math.max(0, article.favoritesCount + (changed ? (favorited ? 1 : -1) : 0));
  return { article: { ...article, favoritesCount }, author, favorited };
}

/** After an article is deleted: drops one user's favorite edge and that user's count, once. */
export async function dropFavoriteOfDeletedArticle(articleId: string, userId: string): Promise<void> {
  try {
    await transactWrite([
      ['favorite', { Delete: { TableName: table(), Key: favorite.key(articleId, userId), ConditionExpression: 'attribute_exists(PK)' } }],
      ['user', counterChange(user, user.key(userId), 'favoritesCount', -1)],
    ]);
  } catch (error) {
    if (!conditionFailed(error)) throw error;
  }
}
