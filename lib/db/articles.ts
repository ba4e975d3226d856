import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, TABLE } from '#lib/db/client';
import { counterOf } from '#lib/db/counters';
import { indexes, keys } from '#lib/db/keys';
import { failedConditions, isTransactionConflict, type TransactItem, transactWrite } from '#lib/db/transactions';
import { outboxFor, type Outgoing } from '#lib/events/outbox';
import { Unauthenticated } from '#lib/errors';
import { articleSlug, newArticleId } from '#lib/slug';

export interface Article {
  articleId: string;
  slug: string;
  title: string;
  description: string;
  body: string;
  tagList: string[];
  authorId: string;
  createdAt: string;
  updatedAt: string;
  favoritesCount: number;
  version: number;
}

export const articleFromItem = (item: Record<string, unknown>): Article => ({
  articleId: item.articleId as string,
  slug: item.slug as string,
  title: item.title as string,
  description: item.description as string,
  body: item.body as string,
  tagList: (item.tagList as string[] | undefined) ?? [],
  authorId: item.authorId as string,
  createdAt: item.createdAt as string,
  updatedAt: item.updatedAt as string,
  favoritesCount: counterOf(item, 'favoritesCount'),
  version: (item.version as number | undefined) ?? 0,
});

export async function articleById(articleId: string): Promise<Article | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: TABLE, Key: keys.article(articleId) }));
  return Item ? articleFromItem(Item) : undefined;
}

/** Existence only, without reading the article's body. */
export async function articleExists(articleId: string): Promise<boolean> {
  const { Item } = await db.send(new GetCommand({ TableName: TABLE, Key: keys.article(articleId), ProjectionExpression: 'PK' }));
  return Item !== undefined;
}

const tagEntry = (article: Pick<Article, 'articleId' | 'authorId'>, tag: string): TransactItem => ({
  Put: {
    TableName: TABLE,
    Item: {
      ...keys.articleTag(article.articleId, tag),
      [indexes.articlesByTag.pk]: indexes.articlesByTag.value(tag),
      [indexes.articlesByTag.sk]: article.articleId,
      articleId: article.articleId,
      authorId: article.authorId,
      tag,
    },
  },
});

const tagCountChange = (tag: string, delta: 1 | -1, now: string): TransactItem =>
  delta > 0
    ? {
        Update: {
          TableName: TABLE,
          Key: keys.tag(tag),
          UpdateExpression: 'ADD articlesCount :one SET tag = :tag, lastUsedAt = :now, #gpk = :tags, #gsk = :now',
          ExpressionAttributeNames: { '#gpk': indexes.tagsByLastUse.pk, '#gsk': indexes.tagsByLastUse.sk },
          ExpressionAttributeValues: { ':one': 1, ':tag': tag, ':now': now, ':tags': indexes.tagsByLastUse.value() },
        },
      }
    : { Update: { TableName: TABLE, Key: keys.tag(tag), UpdateExpression: 'ADD articlesCount :minus', ExpressionAttributeValues: { ':minus': -1 } } };

const counterChange = (key: { PK: string; SK: string }, attribute: string, delta: number, condition?: string): TransactItem => ({
  Update: {
    TableName: TABLE,
    Key: key,
    UpdateExpression: 'ADD #counter :delta',
    ExpressionAttributeNames: { '#counter': attribute },
    ExpressionAttributeValues: { ':delta': delta },
    ...(condition && { ConditionExpression: condition }),
  },
});

export interface NewArticle {
  title: string;
  description: string;
  body: string;
  tagList: string[];
}

/**
 * One transaction: the article, one index entry per tag, the tag counters, the global and per-author
 * article counters, and the ArticlePublished event. The caller sends `outgoing` once it returns.
 */
export async function createArticle(authorId: string, input: NewArticle): Promise<{ article: Article; outgoing: Outgoing }> {
  const now = new Date();
  const articleId = newArticleId(now.getTime());
  const createdAt = now.toISOString();
  const article: Article = {
    articleId,
    slug: articleSlug(input.title, articleId),
    ...input,
    authorId,
    createdAt,
    updatedAt: createdAt,
    favoritesCount: 0,
    version: 1,
  };
  const outgoing = outboxFor({ type: 'ArticlePublished', articleId, authorId });
  const authorCounter = counterChange(keys.user(authorId), 'articlesCount', 1, 'attribute_exists(PK)');
  const items: TransactItem[] = [
    {
      Put: {
        TableName: TABLE,
        Item: {
          ...keys.article(articleId),
          ...article,
          [indexes.allArticles.pk]: indexes.allArticles.value(),
          [indexes.allArticles.sk]: articleId,
          [indexes.articlesByAuthor.pk]: indexes.articlesByAuthor.value(authorId),
          [indexes.articlesByAuthor.sk]: articleId,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    ...article.tagList.flatMap((tag) => [tagEntry(article, tag), tagCountChange(tag, 1, createdAt)]),
    counterChange(keys.articleStats(), 'articlesCount', 1),
    authorCounter,
    ...outgoing.items,
  ];
  try {
    await transactWrite(items);
  } catch (error) {
    // A valid token whose user no longer exists.
    if (failedConditions(error).includes(items.indexOf(authorCounter))) throw new Unauthenticated('is invalid');
    throw error;
  }
  return { article, outgoing };
}

export type ArticleChanges = Partial<NewArticle>;

/** Raised when the article changed between our read and our write; the caller reads again. */
export class ConcurrentArticleUpdate extends Error {
  constructor() {
    super('article changed concurrently');
  }
}

/**
 * One transaction, conditional on the version read: the article, the tag entries and counters that
 * differ, and when tags were dropped an ArticleUpdated event (a tag may now be unused).
 */
export async function updateArticle(current: Article, changes: ArticleChanges): Promise<{ article: Article; outgoing: Outgoing }> {
  const updatedAt = new Date().toISOString();
  const title = changes.title ?? current.title;
  const updated: Article = {
    ...current,
    ...changes,
    slug: title === current.title ? current.slug : articleSlug(title, current.articleId),
    updatedAt,
    version: current.version + 1,
  };
  const removedTags = current.tagList.filter((tag) => !updated.tagList.includes(tag));
  const addedTags = updated.tagList.filter((tag) => !current.tagList.includes(tag));
  const outgoing: Outgoing =
    removedTags.length > 0
      ? outboxFor({ type: 'ArticleUpdated', articleId: current.articleId, authorId: current.authorId, removedTags })
      : { items: [], messages: [] };
  try {
    await transactWrite([
      {
        Update: {
          TableName: TABLE,
          Key: keys.article(current.articleId),
          UpdateExpression:
            'SET title = :title, slug = :slug, description = :description, body = :body, tagList = :tagList, updatedAt = :updatedAt, version = :next',
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: {
            ':title': updated.title,
            ':slug': updated.slug,
            ':description': updated.description,
            ':body': updated.body,
            ':tagList': updated.tagList,
            ':updatedAt': updatedAt,
            ':next': updated.version,
            ':version': current.version,
          },
        },
      },
      ...removedTags.flatMap((tag) => [
        { Delete: { TableName: TABLE, Key: keys.articleTag(current.articleId, tag) } },
        tagCountChange(tag, -1, updatedAt),
      ]),
      ...addedTags.flatMap((tag) => [tagEntry(current, tag), tagCountChange(tag, 1, updatedAt)]),
      ...outgoing.items,
    ]);
  } catch (error) {
    if (failedConditions(error).includes(0) || isTransactionConflict(error)) throw new ConcurrentArticleUpdate();
    throw error;
  }
  return { article: updated, outgoing };
}

/**
 * One transaction: the article, its tag entries, the counters, and the ArticleDeleted event. Comments,
 * favorites and feed entries are removed by the event's consumers; without the article item they are
 * unreachable meanwhile.
 */
export async function deleteArticle(current: Article): Promise<Outgoing> {
  const outgoing = outboxFor({ type: 'ArticleDeleted', articleId: current.articleId, authorId: current.authorId, tagList: current.tagList });
  try {
    await transactWrite([
      {
        Delete: {
          TableName: TABLE,
          Key: keys.article(current.articleId),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': current.version },
        },
      },
      ...current.tagList.flatMap((tag) => [
        { Delete: { TableName: TABLE, Key: keys.articleTag(current.articleId, tag) } },
        tagCountChange(tag, -1, current.updatedAt),
      ]),
      counterChange(keys.articleStats(), 'articlesCount', -1),
      counterChange(keys.user(current.authorId), 'articlesCount', -1),
      ...outgoing.items,
    ]);
  } catch (error) {
    if (failedConditions(error).includes(0) || isTransactionConflict(error)) throw new ConcurrentArticleUpdate();
    throw error;
  }
  return outgoing;
}
