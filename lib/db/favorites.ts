import { db, TABLE } from '#lib/db/client';
import { indexes, keys } from '#lib/db/keys';
import type { Article } from '#lib/db/articles';
import { failedConditions, transactWrite } from '#lib/db/transactions';
import { NotFound } from '#lib/errors';

/**
 * One transaction: the favorite edge (only if absent), the article's count and the user's count move
 * together, so `favoritesCount` is exactly the number of edges however many requests race.
 * Returns whether this call added the favorite.
 */
export async function addFavorite(article: Article, userId: string): Promise<boolean> {
  try {
    await transactWrite([
      {
        Put: {
          TableName: TABLE,
          Item: {
            ...keys.favorite(article.articleId, userId),
            [indexes.favoritesOfUser.pk]: indexes.favoritesOfUser.value(userId),
            [indexes.favoritesOfUser.sk]: article.articleId,
            articleId: article.articleId,
            authorId: article.authorId,
            userId,
            createdAt: new Date().toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Update: {
          TableName: TABLE,
          Key: keys.article(article.articleId),
          UpdateExpression: 'ADD favoritesCount :one',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      { Update: { TableName: TABLE, Key: keys.user(userId), UpdateExpression: 'ADD favoritesCount :one', ExpressionAttributeValues: { ':one': 1 } } },
    ]);
    return true;
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.includes(1)) throw new NotFound('article');
    if (failed.includes(0)) return false;
    throw error;
  }
}

/** The reverse of `addFavorite`; removing a favorite that isn't there changes nothing. Returns whether it was there. */
export async function removeFavorite(articleId: string, userId: string): Promise<boolean> {
  try {
    await transactWrite([
      { Delete: { TableName: TABLE, Key: keys.favorite(articleId, userId), ConditionExpression: 'attribute_exists(PK)' } },
      {
        Update: {
          TableName: TABLE,
          Key: keys.article(articleId),
          UpdateExpression: 'ADD favoritesCount :minus',
          ConditionExpression: 'attribute_exists(PK) AND favoritesCount > :zero',
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        },
      },
      {
        Update: {
          TableName: TABLE,
          Key: keys.user(userId),
          UpdateExpression: 'ADD favoritesCount :minus',
          ExpressionAttributeValues: { ':minus': -1 },
        },
      },
    ]);
    return true;
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.includes(0)) return false;
    if (failed.includes(1)) throw new NotFound('article');
    throw error;
  }
}

/** After an article is deleted: drops one user's favorite edge and that user's count, once. */
export async function dropFavoriteOfDeletedArticle(articleId: string, userId: string): Promise<void> {
  try {
    await transactWrite([
      { Delete: { TableName: TABLE, Key: keys.favorite(articleId, userId), ConditionExpression: 'attribute_exists(PK)' } },
      {
        Update: {
          TableName: TABLE,
          Key: keys.user(userId),
          UpdateExpression: 'ADD favoritesCount :minus',
          ExpressionAttributeValues: { ':minus': -1 },
        },
      },
    ]);
  } catch (error) {
    if (failedConditions(error).length === 0) throw error;
  }
}
